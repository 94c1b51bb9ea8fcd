package io.herald.sender;

/** What became of one delivery attempt, as the {@code outcome} label of the attempt counter. */
public enum OutcomeClass {
    SUCCESS("2xx"),
    REDIRECT("3xx"),
    CLIENT_ERROR("4xx"),
    SERVER_ERROR("5xx"),
    TIMEOUT("timeout"),
    CONNECTION_ERROR("connection_error"),
    BLOCKED("blocked");

    private final String label;

    OutcomeClass(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Any 2xx is a success; 3xx is a failure because redirects are never followed. */
    public static OutcomeClass ofStatus(int status) {
        if (status >= 200 && status < 300) {
            return SUCCESS;
        }
        if (status >= 300 && status < 400) {
            return REDIRECT;
        }
        if (status >= 400 && status < 500) {
            return CLIENT_ERROR;
        }
        return SERVER_ERROR;
    }
}
