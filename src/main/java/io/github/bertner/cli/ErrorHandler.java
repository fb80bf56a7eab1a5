package io.github.bertner.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Prints a failed command's error as one line, with the stack trace only when asked for, and exits with
 * {@link #FAILURE}; a usage error found while running (a {@link ParameterException}) goes to the
 * {@link UsageErrorHandler}.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
    static final int FAILURE = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        if (e instanceof ParameterException usage) {
            return new UsageErrorHandler().handleParseException(usage, new String[0]);
        }
        commandLine.getErr().println("bert-ner " + commandLine.getCommandName() + ": error: " + message(e));
        if (stackTraceWanted(parseResult)) {
            e.printStackTrace(commandLine.getErr());
        }
        commandLine.getErr().flush();
        return FAILURE;
    }

    private static String message(Throwable e) {
        Throwable cause = e;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static boolean stackTraceWanted(ParseResult parseResult) {
        ParseResult command = parseResult;
        while (command.hasSubcommand()) {
            command = command.subcommand();
        }
        return "1".equals(System.getenv("BERT_NER_STACKTRACE")) || command.hasMatchedOption("--stacktrace");
    }
}
