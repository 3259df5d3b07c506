package com.creatormarket.integrity.demo;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A reviewer using the review console's pages over HTTP, as a browser does (session cookie, the
 * CSRF token from the page's forms); the console's own browser test drives real Chromium.
 */
final class ReviewerSession {

  private static final Pattern TOKEN = Pattern.compile("name=\"_csrf\" value=\"([0-9a-f]+)\"");
  private static final Pattern CASE_ROW = Pattern.compile("class=\"case-row\" data-case=\"([^\"]+)\"");

  private final String url;
  private final HttpClient http;
  private String token;

  private ReviewerSession(String url) {
    this.url = url;
    this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  static ReviewerSession logIn(String url, String user, String password) throws IOException, InterruptedException {
    ReviewerSession s = new ReviewerSession(url);
    s.get("/login");
    String queue = s.post("/login", Map.of("username", user, "password", password));
    if (!queue.contains(">" + user + " (")) {
      throw new IllegalStateException("log-in as " + user + " failed");
    }
    return s;
  }

  static Map<String, Object> counts(String url) throws IOException, InterruptedException {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/api/counts")).build(),
        HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readValue(r.body(), new TypeReference<Map<String, Object>>() {});
  }

  List<String> openCases() throws IOException, InterruptedException {
    Matcher m = CASE_ROW.matcher(get("/queue"));
    List<String> ids = new ArrayList<>();
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }

  String casePage(String caseId) throws IOException, InterruptedException {
    return get("/cases/" + URLEncoder.encode(caseId, StandardCharsets.UTF_8));
  }

  String get(String path) throws IOException, InterruptedException {
    String body = http.send(HttpRequest.newBuilder(URI.create(url + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = TOKEN.matcher(body);
    if (m.find()) {
      token = m.group(1);
    }
    return body;
  }

  /** Posts a form with the session's CSRF token; the page it answers with. */
  String post(String path, Map<String, String> form) throws IOException, InterruptedException {
    Map<String, String> all = new LinkedHashMap<>(form);
    all.put("_csrf", token);
    String body = all.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    String page = http.send(HttpRequest.newBuilder(URI.create(url + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = TOKEN.matcher(page);
    if (m.find()) {
      token = m.group(1);
    }
    return page;
  }
}
