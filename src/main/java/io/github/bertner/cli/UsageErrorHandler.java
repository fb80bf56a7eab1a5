package io.github.bertner.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Prints a usage error (an unknown command or option, a missing or invalid value) as one line naming what is
 * wrong and where help is, and exits with {@link #USAGE}.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {
    /** The exit code of a usage error, as Unix tools have it. */
    static final int USAGE = 2;

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(prefix(command) + ": error: " + message(e) + " (see '" + prefix(command) + " --help')");
        err.flush();
        return USAGE;
    }

    private static String prefix(CommandLine command) {
        return command.getParent() == null ? command.getCommandName() : "bert-ner " + command.getCommandName();
    }

    private static String message(ParameterException e) {
        if (!(e instanceof UnmatchedArgumentException unmatched)) {
            return e.getMessage();
        }
        List<String> arguments = unmatched.getUnmatched();
        String first = arguments.isEmpty() ? "" : arguments.get(0);
        boolean command = e.getCommandLine().getParent() == null && !first.startsWith("-");
        String message = command
                ? "unknown command '" + first + "'; the commands are "
                        + String.join(", ", e.getCommandLine().getSubcommands().keySet())
                : first.startsWith("-") ? "unknown option '" + first + "'" : "unexpected argument '" + first + "'";
        List<String> suggestions = unmatched.getSuggestions();
        return command || suggestions.isEmpty() ? message : message + "; did you mean " + suggestions.get(0) + "?";
    }
}
