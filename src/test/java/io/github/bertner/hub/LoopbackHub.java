package io.github.bertner.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A Hugging Face Hub on 127.0.0.1 for tests, speaking the protocol {@code huggingface_hub} uses: the
 * repository listing ({@code /api/models/REPO/revision/REV}), {@code HEAD} and {@code GET} of
 * {@code /REPO/resolve/REV/FILE} with {@code X-Repo-Commit}, {@code ETag} (git blob sha1) for small files
 * and {@code X-Linked-Etag} (sha256) and {@code X-Linked-Size} for LFS files, which it redirects to a
 * second server (the "CDN", another port), and the error codes {@code RepoNotFound}, {@code GatedRepo},
 * {@code RevisionNotFound} and {@code EntryNotFound}. Faults can be set per file.
 */
public final class LoopbackHub implements AutoCloseable {
    /** The token a gated repository accepts. */
    public static final String TOKEN = "hf_loopback_token";

    private static final Set<String> LFS_SUFFIXES = Set.of(".safetensors", ".bin", ".onnx", ".h5", ".msgpack");

    private final HttpServer hub;
    private final HttpServer cdn;
    private final Map<String, Repository> repositories = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> downloads = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> rangeStarts = new ConcurrentHashMap<>();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, String> renamed = new ConcurrentHashMap<>();
    private volatile long bytesPerSecond;

    /** What goes wrong when a file is downloaded. */
    public enum Fault {
        /** The body stops halfway, after a full Content-Length. */
        CUT,
        /** One byte differs from the content whose sha256 the etag names. */
        CORRUPT,
        /** The file is absent at the commit (404 EntryNotFound), though the listing names it. */
        MISSING
    }

    private final AtomicInteger bodiesInFlight = new AtomicInteger();
    private final AtomicInteger requestsDuringDownloads = new AtomicInteger();

    private record Repository(String commit, Map<String, byte[]> files, boolean gated) {}

    public LoopbackHub() throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        hub = HttpServer.create(loopback, 0);
        cdn = HttpServer.create(loopback, 0);
        hub.createContext("/", this::handleHub);
        cdn.createContext("/", this::handleCdn);
        hub.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        cdn.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        hub.start();
        cdn.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + hub.getAddress().getPort());
    }

    /** Serves every file of a directory as a repository at a commit. */
    public String addRepository(String repoId, Path directory, boolean gated) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> paths = Files.list(directory)) {
            for (Path file : paths.filter(Files::isRegularFile).sorted().toList()) {
                files.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        return addRepository(repoId, files, gated);
    }

    /** Serves files as a repository; returns its commit. */
    public String addRepository(String repoId, Map<String, byte[]> files, boolean gated) {
        String commit =
                HexFormat.of().formatHex(digest("SHA-1", (repoId + files.keySet()).getBytes(StandardCharsets.UTF_8)));
        repositories.put(repoId, new Repository(commit, Map.copyOf(files), gated));
        return commit;
    }

    /** Answers requests for {@code oldId} with a relative redirect to {@code newId}, as the Hub does for a renamed repository. */
    public void rename(String oldId, String newId) {
        renamed.put(oldId, newId);
    }

    public void fault(String file, Fault fault) {
        faults.put(file, fault);
    }

    public void clearFaults() {
        faults.clear();
    }

    /** Slows every file body down, so that concurrent downloads overlap. */
    public void throttle(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    /**
     * How many requests to the Hub arrived while a file's body was being sent: evidence that two clients were at
     * work at once.
     */
    public int requestsDuringDownloads() {
        return requestsDuringDownloads.get();
    }

    /** How many GETs of a file's content were answered (whole or not). */
    public int downloads(String file) {
        return downloads.getOrDefault(file, new AtomicInteger()).get();
    }

    public int totalDownloads() {
        return downloads.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private void handleHub(HttpExchange exchange) throws IOException {
        if (bodiesInFlight.get() > 0) {
            requestsDuringDownloads.incrementAndGet();
        }
        try (exchange) {
            String path = URLDecoder.decode(exchange.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> rename : renamed.entrySet()) {
                String raw = exchange.getRequestURI().getRawPath();
                if (raw.startsWith("/" + rename.getKey() + "/")
                        || raw.startsWith("/api/models/" + rename.getKey() + "/")) {
                    exchange.getResponseHeaders().add("Location", raw.replaceFirst(rename.getKey(), rename.getValue()));
                    exchange.sendResponseHeaders(307, -1);
                    return;
                }
            }
            if (path.startsWith("/api/models/")) {
                listing(exchange, path.substring("/api/models/".length()));
            } else if (path.contains("/resolve/")) {
                resolve(exchange, path.substring(1));
            } else {
                error(exchange, 404, "", null);
            }
        }
    }

    private void listing(HttpExchange exchange, String rest) throws IOException {
        int marker = rest.indexOf("/revision/");
        Repository repository = repositories.get(rest.substring(0, marker));
        if (repository == null) {
            error(exchange, 401, "RepoNotFound", null);
            return;
        }
        if (!knownRevision(repository, rest.substring(marker + "/revision/".length()))) {
            error(exchange, 404, "RevisionNotFound", null);
            return;
        }
        List<Map<String, String>> siblings = new ArrayList<>();
        repository.files().keySet().stream().sorted().forEach(file -> siblings.add(Map.of("rfilename", file)));
        byte[] body = new ObjectMapper().writeValueAsBytes(Map.of("sha", repository.commit(), "siblings", siblings));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    private void resolve(HttpExchange exchange, String path) throws IOException {
        int marker = path.indexOf("/resolve/");
        String repoId = path.substring(0, marker);
        String rest = path.substring(marker + "/resolve/".length());
        String revision = rest.substring(0, rest.indexOf('/'));
        String file = rest.substring(rest.indexOf('/') + 1);
        Repository repository = repositories.get(repoId);
        if (repository == null) {
            error(exchange, 401, "RepoNotFound", null);
            return;
        }
        if (repository.gated()
                && !("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            error(exchange, 401, "GatedRepo", null);
            return;
        }
        if (!knownRevision(repository, revision)) {
            error(exchange, 404, "RevisionNotFound", null);
            return;
        }
        byte[] content = repository.files().get(file);
        if (content == null || faults.get(file) == Fault.MISSING) {
            error(exchange, 404, "EntryNotFound", repository.commit());
            return;
        }
        exchange.getResponseHeaders().add("X-Repo-Commit", repository.commit());
        if (isLfs(file)) {
            String sha256 = HexFormat.of().formatHex(digest("SHA-256", content));
            blobs.put(sha256, content);
            exchange.getResponseHeaders().add("X-Linked-Etag", "\"" + sha256 + "\"");
            exchange.getResponseHeaders().add("X-Linked-Size", Long.toString(content.length));
            exchange.getResponseHeaders()
                    .add(
                            "Location",
                            "http://127.0.0.1:" + cdn.getAddress().getPort() + "/blobs/" + sha256 + "?file=" + file);
            exchange.sendResponseHeaders(302, -1);
            return;
        }
        String sha1 = HexFormat.of().formatHex(digest("SHA-1", gitBlob(content)));
        exchange.getResponseHeaders().add("ETag", "\"" + sha1 + "\"");
        body(exchange, file, content);
    }

    private void handleCdn(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestHeaders().containsKey("Authorization")) {
                error(exchange, 400, "TokenSentToCdn", null);
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String file = exchange.getRequestURI().getQuery().substring("file=".length());
            byte[] content = blobs.get(path.substring("/blobs/".length()));
            body(exchange, file, content);
        }
    }

    private void body(HttpExchange exchange, String file, byte[] content) throws IOException {
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(content.length));
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        int start = rangeStart(exchange, content.length);
        if (start > 0) {
            rangeStarts
                    .computeIfAbsent(file, name -> new java.util.concurrent.CopyOnWriteArrayList<>())
                    .add((long) start);
            exchange.getResponseHeaders()
                    .add("Content-Range", "bytes " + start + "-" + (content.length - 1) + "/" + content.length);
            exchange.sendResponseHeaders(206, content.length - start);
        } else {
            exchange.sendResponseHeaders(200, content.length);
        }
        downloads.computeIfAbsent(file, name -> new AtomicInteger()).incrementAndGet();
        bodiesInFlight.incrementAndGet();
        try {
            send(exchange, file, content, start);
        } finally {
            bodiesInFlight.decrementAndGet();
        }
    }

    private void send(HttpExchange exchange, String file, byte[] content, int start) throws IOException {
        Fault fault = faults.get(file);
        byte[] sent = content;
        if (fault == Fault.CORRUPT) {
            sent = content.clone();
            sent[sent.length / 2] ^= 1;
        }
        int length = fault == Fault.CUT ? sent.length / 2 : sent.length;
        OutputStream out = exchange.getResponseBody();
        int chunk = 1 << 16;
        for (int from = start; from < length; from += chunk) {
            int size = Math.min(chunk, length - from);
            out.write(sent, from, size);
            out.flush();
            pause(size);
        }
        if (fault == Fault.CUT) {
            throw new IOException("cut off on purpose");
        }
    }

    /** The first byte of a {@code Range: bytes=N-} request within the content, or 0 for the whole file. */
    private static int rangeStart(HttpExchange exchange, int length) {
        String range = exchange.getRequestHeaders().getFirst("Range");
        if (range == null || !range.matches("bytes=\\d+-")) {
            return 0;
        }
        long start = Long.parseLong(range.substring("bytes=".length(), range.length() - 1));
        return start < length ? (int) start : 0;
    }

    /** Where each {@code Range} request for a file began, in order. */
    public List<Long> rangeStarts(String file) {
        return List.copyOf(rangeStarts.getOrDefault(file, List.of()));
    }

    private void pause(int bytes) {
        long rate = bytesPerSecond;
        if (rate > 0) {
            try {
                Thread.sleep(Math.max(1, bytes * 1000L / rate));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean knownRevision(Repository repository, String revision) {
        return revision.equals("main") || revision.equals(repository.commit());
    }

    private static boolean isLfs(String file) {
        return LFS_SUFFIXES.stream().anyMatch(file::endsWith);
    }

    private static void error(HttpExchange exchange, int status, String code, String commit) throws IOException {
        if (!code.isEmpty()) {
            exchange.getResponseHeaders().add("X-Error-Code", code);
        }
        if (commit != null) {
            exchange.getResponseHeaders().add("X-Repo-Commit", commit);
        }
        exchange.sendResponseHeaders(status, -1);
    }

    private static byte[] gitBlob(byte[] content) {
        byte[] header = ("blob " + content.length + "\0").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[header.length + content.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(content, 0, all, header.length, content.length);
        return all;
    }

    static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops both servers; nothing listens on the endpoint afterwards. */
    @Override
    public void close() {
        hub.stop(0);
        cdn.stop(0);
    }
}
