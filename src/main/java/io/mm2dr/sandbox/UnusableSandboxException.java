package io.mm2dr.sandbox;

/**
 * The sandbox's state folder cannot be used where it is (a file is there, a parent is a file, it
 * is not writable): a problem of the command line or environment, not of the run. The message
 * says which path, why, and how to choose another.
 */
public class UnusableSandboxException extends SandboxException {
    private static final long serialVersionUID = 1L;

    public UnusableSandboxException(String message) {
        super(message);
    }
}
