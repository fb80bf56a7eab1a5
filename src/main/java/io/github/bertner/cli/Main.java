package io.github.bertner.cli;

import io.github.bertner.options.CommandLineLogging;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.RunLast;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code bert-ner} command line: {@code tag}, {@code evaluate}, {@code info}, {@code convert},
 * {@code bench} and {@code serve}. An error is one line on standard error: exit code 2 for a usage error (an unknown command or
 * option, a missing or invalid value), 1 for a failure while running (a model that cannot be loaded, input
 * that cannot be read, output that cannot be written); {@code --stacktrace} (or the environment variable
 * {@code BERT_NER_STACKTRACE=1}) adds the stack trace of a failure.
 */
@Command(
        name = "bert-ner",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description =
                "Named-entity recognition with BERT token-classification models: ONNX exports, checkpoints and Hugging Face Hub repositories.",
        subcommands = {
            TagCommand.class,
            EvaluateCommand.class,
            InfoCommand.class,
            ConvertCommand.class,
            BenchCommand.class,
            ServeCommand.class,
            TrainCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private Main() {}

    /** No command given: a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "no command given");
    }

    /**
     * Runs the command line and exits with its exit code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        CommandLineLogging.quiet();
        CommandLine commandLine = commandLine();
        commandLine.setOut(utf8(FileDescriptor.out));
        commandLine.setErr(utf8(FileDescriptor.err));
        System.exit(commandLine.execute(args));
    }

    /**
     * The configured command line, for embedding and tests.
     *
     * @return a new command line
     */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler(new ErrorHandler());
        commandLine.setParameterExceptionHandler(new UsageErrorHandler());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionStrategy(Main::rejectingUnmatched);
        HelpLayout.install(commandLine);
        return commandLine;
    }

    /**
     * A UTF-8 writer straight onto a file descriptor: unlike {@code System.out}, it records a failed write, which
     * {@link Output#flush} turns into an error.
     */
    private static PrintWriter utf8(FileDescriptor descriptor) {
        return new PrintWriter(
                new BufferedWriter(new OutputStreamWriter(new FileOutputStream(descriptor), StandardCharsets.UTF_8)));
    }

    /** Runs the command, but not with arguments it did not match, also where {@code --help} was asked for. */
    private static int rejectingUnmatched(ParseResult parsed) {
        for (ParseResult command = parsed; command != null; command = command.subcommand()) {
            if (!command.unmatched().isEmpty()) {
                throw new UnmatchedArgumentException(command.commandSpec().commandLine(), command.unmatched());
            }
        }
        return new RunLast().execute(parsed);
    }
}
