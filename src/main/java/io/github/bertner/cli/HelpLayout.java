package io.github.bertner.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Lays out the help's description, option list and command list with lines broken at spaces only. picocli breaks
 * where Java's line {@link java.text.BreakIterator} allows, which includes after a dot or a colon inside a word,
 * so that {@code model.onnx} or {@code hf:ORG/NAME} would be split across lines. Each string of a description is
 * a paragraph (one that starts with two spaces, such as an example, is shown as it is); a command is listed with its
 * header, a sentence.
 */
final class HelpLayout {
    private static final int WIDTH = UsageMessageSpec.DEFAULT_USAGE_WIDTH;
    private static final int LABEL_WIDTH = 30;

    private HelpLayout() {}

    /** Installs the layout on a command and all its subcommands. */
    static void install(CommandLine command) {
        Map<String, CommandLine.IHelpSectionRenderer> sections = command.getHelpSectionMap();
        sections.remove(UsageMessageSpec.SECTION_KEY_HEADER);
        sections.put(
                UsageMessageSpec.SECTION_KEY_DESCRIPTION,
                help -> paragraphs(help.commandSpec().usageMessage().description()));
        sections.put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> options(help.commandSpec()));
        sections.put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, help -> commands(help.commandSpec()));
        command.getSubcommands().values().forEach(HelpLayout::install);
    }

    /**
     * The paragraphs, each wrapped; picocli's own texts (the {@code help} command's) break lines with {@code %n},
     * which starts a paragraph here too.
     */
    private static String paragraphs(String[] paragraphs) {
        StringBuilder text = new StringBuilder();
        for (String given : paragraphs) {
            for (String paragraph : given.split("%n")) {
                if (paragraph.isBlank()) {
                    continue;
                }
                List<String> lines = paragraph.startsWith("  ") ? List.of(paragraph) : wrap(paragraph.strip(), WIDTH);
                lines.forEach(line -> text.append(line).append(System.lineSeparator()));
            }
        }
        return text.toString();
    }

    private static String options(CommandSpec command) {
        List<String[]> rows = new ArrayList<>();
        for (OptionSpec option : command.options()) {
            if (!option.hidden()) {
                String names = String.join(", ", option.names());
                String label = option.arity().max() > 0 ? names + "=" + option.paramLabel() : names;
                rows.add(new String[] {
                    label, String.join(" ", option.description()).replace("%n", " ")
                });
            }
        }
        return table(rows);
    }

    private static String commands(CommandSpec command) {
        List<String[]> rows = new ArrayList<>();
        command.subcommands().forEach((name, sub) -> {
            UsageMessageSpec usage = sub.getCommandSpec().usageMessage();
            String[] summary = usage.header().length > 0 ? usage.header() : usage.description();
            rows.add(new String[] {name, summary.length > 0 ? summary[0] : ""});
        });
        return table(rows);
    }

    /** Two columns: the label, then its text wrapped beside it (on the next line when the label is too wide). */
    private static String table(List<String[]> rows) {
        StringBuilder text = new StringBuilder();
        String indent = " ".repeat(LABEL_WIDTH);
        for (String[] row : rows) {
            String label = "  " + row[0];
            List<String> lines = wrap(row[1], WIDTH - LABEL_WIDTH);
            if (label.length() >= LABEL_WIDTH - 1) {
                text.append(label).append(System.lineSeparator());
                label = "";
            }
            for (int i = 0; i < lines.size(); i++) {
                String left = i == 0 ? label + " ".repeat(LABEL_WIDTH - label.length()) : indent;
                text.append(left).append(lines.get(i)).append(System.lineSeparator());
            }
            if (lines.isEmpty()) {
                text.append(label).append(System.lineSeparator());
            }
        }
        return text.toString();
    }

    /** The words of a text in lines of at most {@code width} characters, broken at spaces only. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.trim().split(" +")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
