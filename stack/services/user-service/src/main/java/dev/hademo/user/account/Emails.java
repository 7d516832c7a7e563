package dev.hademo.user.account;

import java.util.Locale;

public final class Emails {

    private Emails() {
    }

    /** One spelling per mailbox, so "Demo@Shop.example " cannot register a second account. */
    public static String normalize(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
