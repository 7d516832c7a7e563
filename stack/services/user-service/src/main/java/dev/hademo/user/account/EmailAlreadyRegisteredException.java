package dev.hademo.user.account;

public class EmailAlreadyRegisteredException extends RuntimeException {

    public EmailAlreadyRegisteredException(String email) {
        super("An account with the e-mail address " + email + " already exists.");
    }
}
