package io.github.dpoprefresh.rollout;

/** The token requests the figures count, by OAuth grant type; their codes are the figures' JSON keys. */
public enum Grant {
    CODE("authorization_code"),
    REFRESH("refresh_token"),
    PASSWORD("password"),
    DEVICE("device_code");

    private static final String DEVICE_GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code";

    private final String code;
    final String withProof;
    final String withoutProof;
    final String refusedPrefix;

    Grant(String code) {
        this.code = code;
        this.withProof = code + ".with_proof";
        this.withoutProof = code + ".without_proof";
        this.refusedPrefix = code + ".refused.";
    }

    public String code() {
        return code;
    }

    /** The grant of an OAuth {@code grant_type}, or null for a grant the figures do not count. */
    public static Grant of(String grantType) {
        if (grantType == null) {
            return null;
        }
        return switch (grantType) {
            case "authorization_code" -> CODE;
            case "refresh_token" -> REFRESH;
            case "password" -> PASSWORD;
            case DEVICE_GRANT_TYPE -> DEVICE;
            default -> null;
        };
    }
}
