package io.github.bertner.cli;

import io.github.bertner.options.CommandLineLogging;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code bert-ner} command line: {@code tag}, {@code evaluate} and {@code info}. Errors are one
 * line on standard error and a non-zero exit code; {@code --stacktrace} (or the environment variable
 * {@code BERT_NER_STACKTRACE=1}) adds the stack trace.
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
            CommandLine.HelpCommand.class
        })
public final class Main {

    private Main() {}

    /**
     * Runs the command line and exits with its exit code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        CommandLineLogging.quiet();
        System.exit(commandLine().execute(args));
    }

    /**
     * The configured command line, for embedding and tests.
     *
     * @return a new command line
     */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler(new ErrorHandler());
        return commandLine;
    }
}
