package dev.hademo.user.account;

public class UnknownAccountException extends RuntimeException {

    public UnknownAccountException() {
        super("The account of this token does not exist.");
    }
}
