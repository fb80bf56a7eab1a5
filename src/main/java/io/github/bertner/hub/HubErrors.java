package io.github.bertner.hub;

import io.github.bertner.ModelLoadException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Locale;

/** The one-line errors of the Hub client, each naming the repository, revision, file or endpoint at fault. */
final class HubErrors {
    private HubErrors() {}

    /** An HTTP error answer, read from its status and {@code X-Error-Code}. */
    static ModelLoadException of(HttpResponse<?> response, HubRequest request, boolean hadToken) {
        String code = response.headers().firstValue("X-Error-Code").orElse("");
        int status = response.statusCode();
        String repo = "hf:" + request.repoId();
        if (code.equals("GatedRepo")) {
            return new ModelLoadException(
                    repo,
                    hadToken
                            ? "is gated and the token in HF_TOKEN has no access: accept its conditions at "
                                    + request.repositoryPage() + " with that account"
                            : "is gated: accept its conditions at " + request.repositoryPage()
                                    + ", then set HF_TOKEN to a token of that account");
        }
        if (code.equals("RepoNotFound") || (status == 401 && code.isEmpty())) {
            return new ModelLoadException(
                    repo,
                    "repository not found on " + request.endpoint()
                            + (hadToken
                                    ? " (or the token in HF_TOKEN cannot read it)"
                                    : " (a private repository needs HF_TOKEN)"));
        }
        if (code.equals("RevisionNotFound")) {
            return new ModelLoadException(
                    repo, "revision '" + request.revision() + "' not found (a branch, tag or commit)");
        }
        if (code.equals("EntryNotFound") || (status == 404 && request.file() != null)) {
            return new ModelLoadException(
                    repo, "file " + request.file() + " not found at revision '" + request.revision() + "'");
        }
        if (status == 404) {
            return new ModelLoadException(repo, "repository not found on " + request.endpoint());
        }
        return new ModelLoadException(
                repo,
                request.endpoint() + " answered HTTP " + status + " for " + request.uri()
                        + response.headers()
                                .firstValue("X-Error-Message")
                                .map(m -> ": " + m)
                                .orElse(""));
    }

    /** The Hub cannot be reached. */
    static ModelLoadException unreachable(URI endpoint, IOException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new ModelLoadException(
                endpoint.toString(),
                "cannot be reached (" + reason + "): check the network, set HF_HUB_OFFLINE=1 to "
                        + "use models already in the cache, or pass a local model directory",
                e);
    }

    /** A cache file cannot be written; a full disk is said so. */
    static ModelLoadException writeFailure(Path file, IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.toLowerCase(Locale.ROOT).contains("no space left")) {
            return new ModelLoadException(
                    file,
                    "cannot be written: the disk is full; free space, or set HF_HUB_CACHE "
                            + "(or BERT_NER_CACHE) to a folder on a larger disk",
                    e);
        }
        return new ModelLoadException(file, "cannot be written: " + message, e);
    }
}
