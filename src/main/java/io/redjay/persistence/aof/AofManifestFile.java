package io.redjay.persistence.aof;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The manifest on disk: reading it at start-up and replacing it after every change of the file set.
 *
 * <p>A manifest is replaced, never edited: the new content goes to {@code temp-<name>}, is fsynced, renamed over
 * the old one and the directory fsynced, the order Redis's {@code writeAofManifestFile} follows. A crash at any
 * point leaves the old manifest or the new one, and once this returns the rename itself is durable, so the files
 * the new manifest names (renamed into the directory just before) are durable with it. Failures carry Redis's log
 * text, the C library's wording for the cause included.
 */
public final class AofManifestFile {
    private static final FileAttribute<?> MODE_0644 =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"));

    /** The errors Redis's {@code fsyncFileDir} ignores: file systems that cannot fsync a directory. */
    private static final Set<String> DIRECTORY_SYNC_UNSUPPORTED = Set.of("Invalid argument", "Bad file descriptor");

    private AofManifestFile() {
    }

    /**
     * The manifest of {@code dir}, or null when the directory or {@code <appendfilename>.manifest} (as a regular
     * file) does not exist: a server upgraded from a single-file AOF starts without them.
     *
     * @throws IOException with Redis's "can't open ... for reading" text when it exists but cannot be read
     */
    public static AofManifest load(Path dir, String appendFilename) throws IOException, AofManifestException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        Path path = dir.resolve(AofFileNames.manifest(appendFilename));
        if (!Files.isRegularFile(path)) {
            return null;
        }
        byte[] content;
        try {
            content = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new IOException("Fatal error: can't open the AOF manifest file " + path + " for reading: "
                    + strerror(e), e);
        }
        return AofManifest.parse(appendFilename, content);
    }

    /** Replaces {@code dir/manifestName} with {@code content} through {@code temp-<manifestName>}, durably. */
    public static void writeAtomically(Path dir, String manifestName, byte[] content) throws IOException {
        String tempName = AofFileNames.tempManifest(manifestName);
        Path temp = dir.resolve(tempName);
        Path target = dir.resolve(manifestName);
        FileChannel ch;
        try {
            ch = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING), MODE_0644);
        } catch (IOException e) {
            throw new IOException("Can't open the AOF manifest file " + tempName + ": " + strerror(e), e);
        }
        try (ch) {
            try {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            } catch (IOException e) {
                throw new IOException("Error trying to write the temporary AOF manifest file " + tempName + ": "
                        + strerror(e), e);
            }
            try {
                ch.force(true);
            } catch (IOException e) {
                throw new IOException("Fail to fsync the temp AOF file " + tempName + ": " + strerror(e) + ".", e);
            }
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IOException("Error trying to rename the temporary AOF manifest file " + tempName + " into "
                    + manifestName + ": " + strerror(e), e);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            if (DIRECTORY_SYNC_UNSUPPORTED.contains(e.getMessage())) {
                return;
            }
            throw new IOException("Fail to fsync AOF directory " + target + ": " + strerror(e) + ".", e);
        }
    }

    /** The {@code strerror} text for a failure, as far as Java's exceptions tell it. */
    static String strerror(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        } else if (e instanceof AccessDeniedException) {
            return "Permission denied";
        } else if (e instanceof FileAlreadyExistsException) {
            return "File exists";
        } else if (e instanceof NotDirectoryException) {
            return "Not a directory";
        } else if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return String.valueOf(e.getMessage());
    }
}
