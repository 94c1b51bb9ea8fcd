package io.herald.protocol;

/**
 * A channel name's rules (docs/protocol.md, "Channels"): the character set every official SDK checks,
 * the length limit, the kind its prefix gives, and the orthogonal cache flag.
 */
public final class ChannelName {

    public static final String USER_PREFIX = "#server-to-user-";
    private static final String PRIVATE_ENCRYPTED = "private-encrypted-";
    private static final String PRIVATE = "private-";
    private static final String PRESENCE = "presence-";

    private ChannelName() {}

    /** Null when {@code name} is acceptable, else the reason in words for the error message. */
    public static String problem(String name, int maxLength) {
        if (name == null || name.isEmpty()) {
            return "Channel name is required";
        }
        if (name.length() > maxLength) {
            return "Channel name is longer than " + maxLength + " characters";
        }
        int start = 0;
        if (name.charAt(0) == '#') {
            if (!name.startsWith(USER_PREFIX) || name.length() == USER_PREFIX.length()) {
                return "Channel names starting with # are reserved";
            }
            start = 1;
        }
        for (int i = start; i < name.length(); i++) {
            if (!isNameChar(name.charAt(i))) {
                return "Invalid channel name '" + name + "': only letters, digits and -_=@,.; are allowed";
            }
        }
        return null;
    }

    public static boolean isValid(String name, int maxLength) {
        return problem(name, maxLength) == null;
    }

    /** The characters of channel names, also used for user ids and app ids. */
    public static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '=' || c == '@' || c == ',' || c == '.' || c == ';';
    }

    /** The kind by prefix, in the order pusher-js checks them. */
    public static ChannelKind kind(String name) {
        if (name.startsWith(PRIVATE_ENCRYPTED)) {
            return ChannelKind.ENCRYPTED;
        }
        if (name.startsWith(PRIVATE)) {
            return ChannelKind.PRIVATE;
        }
        if (name.startsWith(PRESENCE)) {
            return ChannelKind.PRESENCE;
        }
        if (name.startsWith(USER_PREFIX)) {
            return ChannelKind.USER;
        }
        return ChannelKind.PUBLIC;
    }

    /** Cache channels keep their last event: cache-, private-cache-, private-encrypted-cache-, presence-cache-. */
    public static boolean isCache(String name) {
        return name.startsWith("cache-") || name.startsWith("private-cache-")
                || name.startsWith("private-encrypted-cache-") || name.startsWith("presence-cache-");
    }

    /** The user id of a {@code #server-to-user-} channel, or null for any other name. */
    public static String userOf(String name) {
        return name.startsWith(USER_PREFIX) ? name.substring(USER_PREFIX.length()) : null;
    }
}
