package io.redjay.command.introspection;



/** Client names (CLIENT SETNAME, HELLO SETNAME) may not contain spaces, newlines or other non-printable bytes. */
public final class ClientNames {
    private ClientNames() {
    }

    public static boolean valid(String name) {
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch < '!' || ch > '~') {
                return false;
            }
        }
        return true;
    }
}
