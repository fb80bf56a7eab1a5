package io.github.bertner.hub;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * One request to the Hub: a file of a repository at a revision ({@code /REPO/resolve/REVISION/FILE}), or
 * the repository's listing at a revision ({@code file} null, {@code /api/models/REPO/revision/REVISION}).
 *
 * @param endpoint the Hub's base URL
 * @param repoId {@code ORG/NAME}
 * @param revision a branch, tag or commit
 * @param file the file's path in the repository, or null for the listing
 */
record HubRequest(URI endpoint, String repoId, String revision, String file) {

    URI uri() {
        String encodedRevision = URLEncoder.encode(revision, StandardCharsets.UTF_8);
        if (file == null) {
            return URI.create(endpoint + "/api/models/" + repoId + "/revision/" + encodedRevision);
        }
        StringBuilder path = new StringBuilder();
        for (String segment : file.split("/")) {
            path.append('/')
                    .append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return URI.create(endpoint + "/" + repoId + "/resolve/" + encodedRevision + path);
    }

    String repositoryPage() {
        return endpoint + "/" + repoId;
    }
}
