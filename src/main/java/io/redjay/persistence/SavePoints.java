package io.redjay.persistence;

/**
 * The {@code save} parameter ("3600 1 300 100 60 10000": after 3600 s if at least 1 change, after 300 s if 100, after
 * 60 s if 10000) and Redis's rule for when the cron starts a background save: some point is met by the changes since
 * the last successful save and the time since it, and either the last attempt succeeded or it was long enough ago
 * ({@value #RETRY_DELAY_SECONDS} s) to retry, so a failing disk is not hammered every tick.
 */
public final class SavePoints {
    static final int RETRY_DELAY_SECONDS = 5;

    private final long[] seconds;
    private final long[] changes;

    private SavePoints(long[] seconds, long[] changes) {
        this.seconds = seconds;
        this.changes = changes;
    }

    /** Parses the value CONFIG accepted (pairs of numbers, or empty for none). */
    public static SavePoints parse(String save) {
        String[] f = save.trim().isEmpty() ? new String[0] : save.trim().split("\\s+");
        long[] s = new long[f.length / 2];
        long[] c = new long[f.length / 2];
        for (int i = 0; i < s.length; i++) {
            s[i] = Long.parseLong(f[2 * i]);
            c[i] = Long.parseLong(f[2 * i + 1]);
        }
        return new SavePoints(s, c);
    }

    public boolean any() {
        return seconds.length > 0;
    }

    /**
     * The index of the first point that asks for a save now, or -1.
     *
     * @param dirty            changes since the last successful save
     * @param sinceSave        seconds since the last successful save
     * @param lastAttemptOk    whether the last background save succeeded
     * @param sinceLastAttempt seconds since the last background save attempt
     */
    public int due(long dirty, long sinceSave, boolean lastAttemptOk, long sinceLastAttempt) {
        if (!lastAttemptOk && sinceLastAttempt <= RETRY_DELAY_SECONDS) {
            return -1;
        }
        for (int i = 0; i < seconds.length; i++) {
            if (dirty >= changes[i] && sinceSave > seconds[i]) {
                return i;
            }
        }
        return -1;
    }

    public long seconds(int i) {
        return seconds[i];
    }

    public long changes(int i) {
        return changes[i];
    }
}
