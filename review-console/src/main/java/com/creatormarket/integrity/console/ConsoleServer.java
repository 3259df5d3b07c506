package com.creatormarket.integrity.console;

import com.creatormarket.integrity.avro.ReviewOutcome;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's pages and form posts. Every page but the log-in needs a session; every POST needs
 * the session's CSRF token (form field {@code _csrf} or header {@code X-CSRF-Token}).
 */
public final class ConsoleServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
  private static final String USER = "user";
  private static final String CSRF = "csrf";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Users users;
  private final CaseQueries queries;
  private final RuleQueries rules;
  private final Decisions desk;
  private final TopicIngest ingest;
  private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
  private final Javalin app;

  public ConsoleServer(Users users, CaseQueries queries, RuleQueries rules, Decisions desk, TopicIngest ingest) {
    this.users = users;
    this.queries = queries;
    this.rules = rules;
    this.desk = desk;
    this.ingest = ingest;
    this.app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.staticFiles.add(files -> {
        files.hostedPath = "/static";
        files.directory = "/static";
        files.location = Location.CLASSPATH;
      });
      config.staticFiles.enableWebjars();
      config.jetty.modifyServletContextHandler(handler -> {
        handler.getSessionHandler().setHttpOnly(true);
        handler.getSessionHandler().setSameSite(HttpCookie.SameSite.STRICT);
        handler.getSessionHandler().setMaxInactiveInterval(8 * 3600);
      });
    });
    routes();
  }

  public ConsoleServer start(String host, int port) {
    app.start(host, port);
    return this;
  }

  public int port() {
    return app.port();
  }

  private void routes() {
    app.before(ctx -> {
      String path = ctx.path();
      boolean open = path.equals("/login") || path.startsWith("/static/") || path.startsWith("/webjars/")
          || path.startsWith("/api/");
      if (!open && currentUser(ctx).isEmpty()) {
        if (ctx.method().name().equals("GET")) {
          ctx.redirect("/login");
        } else {
          ctx.status(HttpStatus.UNAUTHORIZED).result("log in first");
        }
        ctx.skipRemainingHandlers();
        return;
      }
      if (ctx.method().name().equals("POST") && !csrfMatches(ctx)) {
        LOG.warn("refused a POST to {} without a valid CSRF token", path);
        ctx.status(HttpStatus.FORBIDDEN).result("missing or wrong CSRF token");
        ctx.skipRemainingHandlers();
      }
    });
    app.exception(Exception.class, (e, ctx) -> {
      LOG.error("request to {} failed", ctx.path(), e);
      ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).result("the console failed on this request: " + e.getClass().getSimpleName());
    });

    app.get("/login", ctx -> render(ctx, "login.jte", Map.of("csrf", csrfToken(ctx), "error", "")));
    app.post("/login", ctx -> {
      Optional<Users.User> user = users.authenticate(ctx.formParam("username"), ctx.formParam("password"));
      if (user.isEmpty()) {
        LOG.info("failed log-in");
        ctx.status(HttpStatus.UNAUTHORIZED);
        render(ctx, "login.jte", Map.of("csrf", csrfToken(ctx), "error", "Unknown user or wrong password."));
        return;
      }
      // A new session id at log-in: a session id planted before it is worth nothing after.
      ctx.req().changeSessionId();
      ctx.sessionAttribute(USER, user.get().name());
      ctx.sessionAttribute(CSRF, newToken());
      desk.audit(user.get(), "LOGIN", null, null);
      ctx.redirect("/queue");
    });
    app.post("/logout", ctx -> {
      ctx.req().getSession().invalidate();
      ctx.redirect("/login");
    });
    app.get("/", ctx -> ctx.redirect("/queue"));

    app.get("/queue", ctx -> {
      CaseQueries.Filter filter = new CaseQueries.Filter(view(ctx.queryParam("view")), blankToNull(ctx.queryParam("level")),
          blankToNull(ctx.queryParam("signal")), blankToNull(ctx.queryParam("creator")), blankToNull(ctx.queryParam("agency")),
          intOrNull(ctx.queryParam("minAgeHours")));
      render(ctx, "queue.jte", page(ctx, Map.of("queue", queries.queue(filter))));
    });

    app.get("/cases/{caseId}", ctx -> {
      Optional<CaseQueries.CasePage> casePage = queries.casePage(ctx.pathParam("caseId"));
      if (casePage.isEmpty()) {
        ctx.status(HttpStatus.NOT_FOUND).result("no such case");
        return;
      }
      render(ctx, "case.jte", page(ctx, Map.of("c", casePage.get())));
    });
    app.get("/cases/{caseId}/decisions", ctx -> queries.casePage(ctx.pathParam("caseId"))
        .ifPresentOrElse(c -> render(ctx, "decisions.jte", Map.of("c", c)), () -> ctx.status(HttpStatus.NOT_FOUND)));
    app.post("/cases/{caseId}/claim", ctx -> act(ctx, desk.claim(user(ctx), ctx.pathParam("caseId"))));
    app.post("/cases/{caseId}/release", ctx -> act(ctx, desk.release(user(ctx), ctx.pathParam("caseId"))));
    app.post("/cases/{caseId}/notes", ctx -> act(ctx, desk.addNote(user(ctx), ctx.pathParam("caseId"), ctx.formParam("text"))));
    app.post("/cases/{caseId}/decide", ctx -> {
      ReviewOutcome outcome;
      try {
        outcome = ReviewOutcome.valueOf(String.valueOf(ctx.formParam("outcome")));
      } catch (IllegalArgumentException e) {
        act(ctx, Decisions.Outcome.refused("unknown decision '" + ctx.formParam("outcome") + "'"));
        return;
      }
      act(ctx, desk.decide(user(ctx), ctx.pathParam("caseId"), outcome, ctx.formParam("reason")));
    });

    app.get("/penalties", ctx -> {
      String creator = Optional.ofNullable(ctx.queryParam("creator")).orElse("");
      render(ctx, "penalties.jte", page(ctx, Map.of("penalties", queries.penalties(creator), "creator", creator)));
    });
    app.get("/penalties/{penaltyId}", ctx -> penaltyPage(ctx, null));
    app.post("/penalties/{penaltyId}/appeal", ctx -> {
      ReviewOutcome outcome;
      Instant appealedAt;
      try {
        outcome = ReviewOutcome.valueOf(String.valueOf(ctx.formParam("outcome")));
        appealedAt = LocalDateTime.parse(String.valueOf(ctx.formParam("appealedAt"))).toInstant(ZoneOffset.UTC);
      } catch (IllegalArgumentException | DateTimeParseException e) {
        penaltyPage(ctx, Decisions.Outcome.refused("an appeal needs its verdict and when it was filed (UTC)"));
        return;
      }
      penaltyPage(ctx, desk.decideAppeal(user(ctx), ctx.pathParam("penaltyId"), outcome, appealedAt, ctx.formParam("reason")));
    });

    // Read-only for every role: what thresholds decide the cases reviewers see, and what a candidate would change.
    app.get("/rules", ctx -> {
      Instant from;
      Instant to;
      try {
        from = instantParam(ctx.queryParam("from"));
        to = instantParam(ctx.queryParam("to"));
      } catch (DateTimeParseException e) {
        ctx.status(HttpStatus.BAD_REQUEST).result("from and to are ISO-8601 instants, e.g. 2025-03-03T06:00:00Z");
        return;
      }
      render(ctx, "rules.jte", page(ctx, Map.of("p", rules.page(from, to))));
    });

    app.get("/dead-letters", ctx -> {
      if (user(ctx).role() != Role.ENGINEER) {
        ctx.status(HttpStatus.FORBIDDEN).result("dead letters are for engineers");
        return;
      }
      render(ctx, "deadletters.jte", page(ctx, Map.of("groups", queries.deadLetters(), "unreadable", ingest.unreadable())));
    });

    // Counts only, no identifiers: for the demo's check and for monitoring.
    app.get("/api/counts", ctx -> {
      Map<String, Object> body = new LinkedHashMap<>(queries.counts());
      body.put("caughtUp", ingest.caughtUp());
      body.put("applied", ingest.applied());
      ctx.json(body);
    });
    app.get("/api/health", ctx -> {
      boolean ok = ingest.failure() == null;
      ctx.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).result(ok ? "ok" : "ingest stopped: " + ingest.failure());
    });
  }

  private static Instant instantParam(String v) {
    return v == null || v.isBlank() ? null : Instant.parse(v.trim());
  }

  private void penaltyPage(Context ctx, Decisions.Outcome outcome) {
    Optional<CaseQueries.PenaltyPage> p = queries.penaltyPage(ctx.pathParam("penaltyId"));
    if (p.isEmpty()) {
      ctx.status(HttpStatus.NOT_FOUND).result("no such penalty");
      return;
    }
    Map<String, Object> model = new LinkedHashMap<>(page(ctx, Map.of("p", p.get())));
    if (outcome != null) {
      if (!outcome.done()) {
        ctx.status(HttpStatus.CONFLICT);
      }
      model.put("flash", outcome.message());
      model.put("flashOk", outcome.done());
    }
    render(ctx, "penalty.jte", model);
  }

  /** A form post's answer: back to the case page with the outcome shown, or the outcome alone for htmx. */
  private void act(Context ctx, Decisions.Outcome outcome) {
    if (!outcome.done()) {
      ctx.status(HttpStatus.CONFLICT);
    }
    String caseId = ctx.pathParam("caseId");
    Optional<CaseQueries.CasePage> casePage = queries.casePage(caseId);
    if (casePage.isEmpty()) {
      ctx.result(outcome.message());
      return;
    }
    Map<String, Object> model = new LinkedHashMap<>(page(ctx, Map.of("c", casePage.get())));
    model.put("flash", outcome.message());
    model.put("flashOk", outcome.done());
    render(ctx, "case.jte", model);
  }

  private Map<String, Object> page(Context ctx, Map<String, Object> model) {
    Map<String, Object> all = new LinkedHashMap<>(model);
    all.put("user", user(ctx));
    all.put("csrf", csrfToken(ctx));
    all.putIfAbsent("flash", "");
    all.putIfAbsent("flashOk", true);
    return all;
  }

  private void render(Context ctx, String template, Map<String, Object> model) {
    StringOutput out = new StringOutput();
    templates.render(template, model, out);
    ctx.html(out.toString());
  }

  private Optional<Users.User> currentUser(Context ctx) {
    String name = ctx.sessionAttribute(USER);
    return name == null ? Optional.empty() : users.byName(name);
  }

  private Users.User user(Context ctx) {
    return currentUser(ctx).orElseThrow();
  }

  private String csrfToken(Context ctx) {
    String token = ctx.sessionAttribute(CSRF);
    if (token == null) {
      token = newToken();
      ctx.sessionAttribute(CSRF, token);
    }
    return token;
  }

  private static boolean csrfMatches(Context ctx) {
    String expected = ctx.sessionAttribute(CSRF);
    String given = ctx.header("X-CSRF-Token");
    if (given == null) {
      given = ctx.formParam("_csrf");
    }
    return expected != null && given != null
        && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  private static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static CaseQueries.View view(String text) {
    if (text == null || text.isBlank()) {
      return CaseQueries.View.OPEN;
    }
    try {
      return CaseQueries.View.valueOf(text.toUpperCase());
    } catch (IllegalArgumentException e) {
      return CaseQueries.View.OPEN;
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static Integer intOrNull(String s) {
    try {
      return s == null || s.isBlank() ? null : Integer.valueOf(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public void close() {
    app.stop();
  }
}
