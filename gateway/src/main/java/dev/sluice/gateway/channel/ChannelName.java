package dev.sluice.gateway.channel;

import dev.sluice.gateway.http.RejectedRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/** The rule for channel names (SPEC section 9): 1 to 128 characters of {@code [A-Za-z0-9._:-]}. */
public final class ChannelName {
    public static final int MAX_LENGTH = 128;

    private ChannelName() {
    }

    public static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Returns {@code name}, or throws the {@code 400} answer for a name that breaks the rule. */
    public static String require(String name) {
        if (!isValid(name)) {
            throw new RejectedRequest(HttpResponseStatus.BAD_REQUEST, "bad_channel",
                    "channel names are 1-" + MAX_LENGTH + " characters of A-Z a-z 0-9 . _ : -");
        }
        return name;
    }
}
