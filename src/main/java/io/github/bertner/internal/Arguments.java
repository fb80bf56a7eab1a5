package io.github.bertner.internal;

/** The checks of the recognizers' arguments, with messages that name the argument at fault. */
public final class Arguments {
    private Arguments() {}

    /**
     * Refuses a null argument.
     *
     * @param value the argument
     * @param name its name, for the message
     * @param <T> its type
     * @return the argument
     * @throws IllegalArgumentException naming it if it is null
     */
    public static <T> T require(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        return value;
    }

    /**
     * Refuses a null token array, or one with a null token.
     *
     * @param tokens the tokens
     * @param name the array's name, for the message
     * @return the tokens
     * @throws IllegalArgumentException naming the array or the first null token
     */
    public static String[] requireTokens(String[] tokens, String name) {
        require(tokens, name);
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] == null) {
                throw new IllegalArgumentException(
                        name + "[" + i + "] is null (a token must be a string, possibly empty)");
            }
        }
        return tokens;
    }
}
