package io.mm2dr.sandbox;

/** Something the local sandbox cannot do, said in one sentence a user can act on. */
public class SandboxException extends io.mm2dr.domain.PlatformException {
    private static final long serialVersionUID = 1L;

    public SandboxException(String message) {
        super(message);
    }
}
