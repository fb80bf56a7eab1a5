package io.github.bertner.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs the command line in-process and captures its output. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        return withInput(null, args);
    }

    static CliRun withInput(byte[] stdin, String... args) {
        StringWriter out = new StringWriter();
        return run(stdin, new PrintWriter(out, true), out, args);
    }

    /** Runs with an output where every write fails, as on a full disk; {@link #out()} is empty. */
    static CliRun withFailingOutput(byte[] stdin, String... args) {
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        return run(
                stdin, new PrintWriter(new OutputStreamWriter(full, StandardCharsets.UTF_8)), new StringWriter(), args);
    }

    private static CliRun run(byte[] stdin, PrintWriter outWriter, StringWriter out, String... args) {
        InputStream original = System.in;
        StringWriter err = new StringWriter();
        try {
            if (stdin != null) {
                System.setIn(new ByteArrayInputStream(stdin));
            }
            CommandLine commandLine = Main.commandLine();
            commandLine.setOut(outWriter);
            commandLine.setErr(new PrintWriter(err, true));
            int code = commandLine.execute(args);
            return new CliRun(code, out.toString(), err.toString());
        } finally {
            System.setIn(original);
        }
    }
}
