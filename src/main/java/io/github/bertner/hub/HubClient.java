package io.github.bertner.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bertner.ModelLoadException;
import io.github.bertner.internal.FileLocks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks to the Hugging Face Hub as {@code huggingface_hub} does: lists a repository at a revision and
 * downloads files into the shared cache ({@link HubCache}). A download goes to {@code ETAG.incomplete},
 * is checked against the size the Hub announced and, for LFS files, against the sha256 that is their
 * etag, and only then becomes a blob. A download that breaks off keeps what arrived in its
 * {@code .incomplete} file, and the next one resumes from there with an HTTP {@code Range} request where the
 * server allows it (the sha256 is still checked over the whole file); one that arrives corrupt or too long
 * leaves nothing, and the next one starts over. Processes and threads that fetch the same file at once take
 * turns on its lock file, and the later ones find the blob there.
 */
public final class HubClient {
    private static final Logger LOG = LoggerFactory.getLogger(HubClient.class);
    /** {@code Content-Range: bytes FIRST-LAST/SIZE} of a {@code 206} answer. */
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-\\d+/(\\d+|\\*)");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REDIRECTS = 5;
    private static final int BUFFER_BYTES = 1 << 16;

    private final HubSettings settings;
    private final DownloadProgress progress;
    private final HttpClient http;

    /** A repository at a revision: the commit it resolved to and its files. */
    public record Listing(String commit, List<String> files) {}

    private record Metadata(String etag, long size, URI download) {}

    public HubClient(HubSettings settings, DownloadProgress progress) {
        this.settings = settings;
        this.progress = progress;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(20))
                .build();
    }

    public Listing list(String repoId, String revision) throws ModelLoadException {
        HubRequest request = new HubRequest(settings.endpoint(), repoId, revision, null);
        URI uri = request.uri();
        HttpResponse<byte[]> response = send(request, uri, "GET", HttpResponse.BodyHandlers.ofByteArray(), true);
        for (int hop = 0; hop < MAX_REDIRECTS && isRelativeRedirect(response); hop++) {
            uri = uri.resolve(response.headers().firstValue("Location").orElseThrow());
            response = send(request, uri, "GET", HttpResponse.BodyHandlers.ofByteArray(), true);
        }
        if (response.statusCode() != 200) {
            throw HubErrors.of(response, request, settings.token().isPresent());
        }
        try {
            JsonNode root = JSON.readTree(response.body());
            String commit = root.path("sha").asText("");
            if (!HubCache.isCommit(commit)) {
                throw new ModelLoadException(
                        "hf:" + repoId, "the Hub's listing at " + request.uri() + " has no commit sha");
            }
            List<String> files = new ArrayList<>();
            root.path("siblings")
                    .forEach(sibling -> files.add(sibling.path("rfilename").asText()));
            return new Listing(commit, files);
        } catch (IOException e) {
            throw e instanceof ModelLoadException m
                    ? m
                    : new ModelLoadException(
                            "hf:" + repoId,
                            "the Hub's listing at " + request.uri() + " is not JSON: " + e.getMessage(),
                            e);
        }
    }

    /**
     * A file of the repository at a commit, from the cache or downloaded into it.
     *
     * @return its path in the snapshot
     */
    public Path fetch(HubCache cache, String repoId, String commit, String file) throws ModelLoadException {
        Optional<Path> cached = cache.cachedFile(commit, file);
        if (cached.isPresent()) {
            return cached.get();
        }
        HubRequest request = new HubRequest(settings.endpoint(), repoId, commit, file);
        Metadata metadata = head(request);
        if (!Files.isRegularFile(cache.blob(metadata.etag()))) {
            downloadLocked(cache, request, metadata);
        }
        return cache.link(commit, file, metadata.etag());
    }

    private Metadata head(HubRequest request) throws ModelLoadException {
        URI uri = request.uri();
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpResponse<Void> response = send(request, uri, "HEAD", HttpResponse.BodyHandlers.discarding(), true);
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if (isRelativeRedirect(response)) {
                uri = uri.resolve(location.orElseThrow());
                continue;
            }
            if (status >= 400) {
                throw HubErrors.of(response, request, settings.token().isPresent());
            }
            return metadata(
                    request, response, status >= 300 && location.isPresent() ? uri.resolve(location.get()) : uri);
        }
        throw new ModelLoadException(
                "hf:" + request.repoId(), "more than " + MAX_REDIRECTS + " redirects for " + request.file());
    }

    /** A redirect within the Hub (a renamed repository); redirects to other hosts are download URLs. */
    private static boolean isRelativeRedirect(HttpResponse<?> response) {
        int status = response.statusCode();
        return status >= 300
                && status < 400
                && response.headers()
                        .firstValue("Location")
                        .filter(l -> l.startsWith("/"))
                        .isPresent();
    }

    private static Metadata metadata(HubRequest request, HttpResponse<Void> response, URI download)
            throws ModelLoadException {
        var headers = response.headers();
        if (headers.firstValue("X-Repo-Commit").isEmpty()) {
            throw new ModelLoadException(
                    request.endpoint().toString(),
                    "answered without X-Repo-Commit for " + request.uri() + ": is HF_ENDPOINT a Hugging Face Hub?");
        }
        String etag = headers.firstValue("X-Linked-Etag")
                .or(() -> headers.firstValue("ETag"))
                .map(HubClient::plainEtag)
                .filter(tag -> tag.matches("[0-9A-Za-z._-]+"))
                .orElseThrow(() -> new ModelLoadException(
                        "hf:" + request.repoId(), "the Hub sent no usable ETag for " + request.file()));
        long size = headers.firstValue("X-Linked-Size")
                .or(() -> headers.firstValue("Content-Length"))
                .map(Long::parseLong)
                .orElse(-1L);
        return new Metadata(etag, size, download);
    }

    private static String plainEtag(String etag) {
        String tag = etag.startsWith("W/") ? etag.substring(2) : etag;
        return tag.replace("\"", "");
    }

    private void downloadLocked(HubCache cache, HubRequest request, Metadata metadata) throws ModelLoadException {
        Path lockFile = cache.lockFile(metadata.etag());
        try {
            Files.createDirectories(cache.blob(metadata.etag()).getParent());
            FileLocks.holding(lockFile, () -> {
                if (!Files.isRegularFile(cache.blob(metadata.etag()))) {
                    download(cache, request, metadata);
                }
                return null;
            });
        } catch (IOException e) {
            throw e instanceof ModelLoadException m ? m : HubErrors.writeFailure(lockFile, e);
        }
    }

    private void download(HubCache cache, HubRequest request, Metadata metadata) throws ModelLoadException {
        Path incomplete = cache.incomplete(metadata.etag());
        LOG.info("Downloading {} of hf:{} ({} bytes)", request.file(), request.repoId(), metadata.size());
        progress.started(request.file(), metadata.size());
        try {
            byte[] sha256 = copy(request, metadata, incomplete);
            verify(request, metadata, incomplete, sha256);
            Files.move(incomplete, cache.blob(metadata.etag()), StandardCopyOption.ATOMIC_MOVE);
        } catch (InterruptedDownload e) {
            throw e.error();
        } catch (IOException e) {
            deleteQuietly(incomplete);
            throw e instanceof ModelLoadException m ? m : HubErrors.writeFailure(cache.blob(metadata.etag()), e);
        } finally {
            progress.finished();
        }
    }

    /** A download that broke off; what arrived stays for the next run to resume from. */
    private static final class InterruptedDownload extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient ModelLoadException error;

        InterruptedDownload(ModelLoadException error) {
            super(error.getMessage(), error);
            this.error = error;
        }

        ModelLoadException error() {
            return error;
        }
    }

    /**
     * Streams the file into {@code target}, resuming after the bytes a broken-off download left there where the
     * server answers the {@code Range} request with them; returns the sha256 of the whole file.
     */
    private byte[] copy(HubRequest request, Metadata metadata, Path target) throws IOException {
        long kept = Files.isRegularFile(target) ? Files.size(target) : 0;
        if (metadata.size() >= 0 && kept >= metadata.size()) {
            kept = 0;
        }
        HttpResponse<InputStream> response = get(request, metadata.download(), kept);
        boolean resumed = kept > 0 && response.statusCode() == 206 && rangeStart(response) == kept;
        MessageDigest digest = sha256();
        long received = 0;
        if (resumed) {
            LOG.info("Resuming {} of hf:{} after {} bytes", request.file(), request.repoId(), kept);
            received = hash(target, digest);
        } else if (response.statusCode() == 206) {
            closeQuietly(response.body());
            return copyAfresh(request, metadata, target);
        }
        try (InputStream in = response.body();
                OutputStream out = resumed
                        ? Files.newOutputStream(target, StandardOpenOption.APPEND)
                        : Files.newOutputStream(target)) {
            byte[] buffer = new byte[BUFFER_BYTES];
            for (int read = readBody(request, in, buffer, received);
                    read >= 0;
                    read = readBody(request, in, buffer, received)) {
                out.write(buffer, 0, read);
                digest.update(buffer, 0, read);
                received += read;
                progress.advanced(received);
            }
        }
        if (metadata.size() >= 0 && received < metadata.size()) {
            throw new InterruptedDownload(new ModelLoadException(
                    "hf:" + request.repoId(),
                    "download of " + request.file() + " ended after " + received + " of " + metadata.size()
                            + " bytes (connection cut?): what arrived is kept, and the next run resumes from there"));
        }
        if (metadata.size() >= 0 && received > metadata.size()) {
            throw new ModelLoadException(
                    "hf:" + request.repoId(),
                    "download of " + request.file() + " sent " + received + " bytes, more than the announced "
                            + metadata.size() + "; nothing was cached");
        }
        return digest.digest();
    }

    /** Downloads the whole file again, for a server that answered a {@code Range} request with another range. */
    private byte[] copyAfresh(HubRequest request, Metadata metadata, Path target) throws IOException {
        Files.deleteIfExists(target);
        return copy(request, metadata, target);
    }

    /** The first byte a {@code 206} answer holds, from its {@code Content-Range: bytes FIRST-LAST/SIZE}. */
    private static long rangeStart(HttpResponse<?> response) {
        String range = response.headers().firstValue("Content-Range").orElse("");
        Matcher matcher = CONTENT_RANGE.matcher(range);
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
    }

    private static long hash(Path file, MessageDigest digest) throws IOException {
        long bytes = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER_BYTES];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
                bytes += read;
            }
        }
        return bytes;
    }

    private int readBody(HubRequest request, InputStream in, byte[] buffer, long received) throws IOException {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw new InterruptedDownload(new ModelLoadException(
                    "hf:" + request.repoId(),
                    "download of " + request.file() + " broke off after " + received + " bytes (" + e.getMessage()
                            + "): what arrived is kept, and the next run resumes from there",
                    e));
        }
    }

    /** GETs a file, from byte {@code from} on where that is more than 0 (a {@code Range} request). */
    private HttpResponse<InputStream> get(HubRequest request, URI download, long from) throws ModelLoadException {
        URI uri = download;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            boolean sameHost = Objects.equals(uri.getHost(), settings.endpoint().getHost())
                    && uri.getPort() == settings.endpoint().getPort();
            HttpResponse<InputStream> response = send(
                    request,
                    uri,
                    "GET",
                    HttpResponse.BodyHandlers.ofInputStream(),
                    sameHost,
                    from > 0 ? "bytes=" + from + "-" : null);
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if (status >= 300 && status < 400 && location.isPresent()) {
                closeQuietly(response.body());
                uri = uri.resolve(location.get());
                continue;
            }
            if (status != 200 && !(status == 206 && from > 0)) {
                closeQuietly(response.body());
                throw HubErrors.of(response, request, settings.token().isPresent());
            }
            return response;
        }
        throw new ModelLoadException(
                "hf:" + request.repoId(), "more than " + MAX_REDIRECTS + " redirects for " + request.file());
    }

    private static void verify(HubRequest request, Metadata metadata, Path file, byte[] sha256)
            throws ModelLoadException {
        if (metadata.etag().matches("[0-9a-f]{64}")
                && !HexFormat.of().formatHex(sha256).equals(metadata.etag())) {
            throw new ModelLoadException(
                    "hf:" + request.repoId(),
                    "download of " + request.file() + " is corrupt: its sha256 "
                            + HexFormat.of().formatHex(sha256) + " is not the Hub's " + metadata.etag()
                            + "; nothing was cached");
        }
    }

    private <T> HttpResponse<T> send(
            HubRequest request, URI uri, String method, HttpResponse.BodyHandler<T> body, boolean withToken)
            throws ModelLoadException {
        return send(request, uri, method, body, withToken, null);
    }

    private <T> HttpResponse<T> send(
            HubRequest request,
            URI uri,
            String method,
            HttpResponse.BodyHandler<T> body,
            boolean withToken,
            String range)
            throws ModelLoadException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("User-Agent", "bert-ner")
                .header("Accept-Encoding", "identity");
        if (range != null) {
            builder.header("Range", range);
        }
        if (withToken) {
            settings.token().ifPresent(token -> builder.header("Authorization", "Bearer " + token));
        }
        try {
            return http.send(builder.build(), body);
        } catch (IOException e) {
            throw HubErrors.unreachable(settings.endpoint(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelLoadException(
                    "hf:" + request.repoId(), "interrupted while talking to " + settings.endpoint(), e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not remove the unfinished download {}: {}", file, e.getMessage());
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            LOG.debug("Closing a redirect's body failed: {}", e.getMessage());
        }
    }
}
