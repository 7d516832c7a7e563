package dev.hademo.user.account;

public class InvalidCredentialsException extends RuntimeException {

    public InvalidCredentialsException() {
        super("The e-mail address or the password is wrong.");
    }
}
