package com.creatormarket.integrity.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.avro.ReviewDecision;
import com.creatormarket.integrity.avro.ReviewOutcome;
import com.creatormarket.integrity.avro.VerifiedMetrics;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.testing.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in real headless Chromium against a real broker: cases are produced to the topics,
 * reviewers log in and work them, and the decisions land on review-decisions.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReviewConsoleBrowserITCase {

  @TempDir
  static Path dir;

  private static KafkaBroker broker;
  private static String prefix;
  private static ReviewConsole console;
  private static final List<ChromeDriver> browsers = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Chromium.ensureInstalled();
    broker = KafkaBroker.get();
    prefix = KafkaBroker.newTopicPrefix("console");
    broker.createTopics(prefix, Topics.ALL);
    broker.produce(prefix + Topics.ORDERS.name(), Topics.ORDERS.codec(), List.of(
        Sample.orderCreated("ord-1", "cr-1", "ag-1", 50_000), Sample.published("ord-1", "cr-1"),
        Sample.orderCreated("ord-2", "cr-2", "ag-2", 30_000),
        Sample.orderCreated("ord-3", "cr-3", null, 900_000)), OrderEvent::getOrderId);
    broker.produce(prefix + Topics.FLAGGED_CASES.name(), Topics.FLAGGED_CASES.codec(), List.of(
        Sample.flaggedCase("case-farm", 1, "ord-1", "cr-1", "ag-1", ResponseLevel.RECORD_ONLY, 0.31, "device-concentration"),
        Sample.flaggedCase("case-farm", 2, "ord-1", "cr-1", "ag-1", ResponseLevel.REVIEW, 0.64, "device-concentration",
            "fresh-accounts"),
        Sample.flaggedCase("case-fresh", 1, "ord-2", "cr-2", "ag-2", ResponseLevel.REVIEW, 0.52, "fresh-accounts"),
        Sample.flaggedCase("case-big", 1, "ord-3", "cr-3", null, ResponseLevel.ENFORCE, 0.93, "velocity-burst")),
        FlaggedCase::getOrderId);
    broker.produce(prefix + Topics.PENALTIES.name(), Topics.PENALTIES.codec(),
        List.of(Sample.penalty("case-old", "cr-4", "ord-4")), com.creatormarket.integrity.avro.Penalty::getCreatorId);
    List<VerifiedMetrics> hours = new ArrayList<>();
    for (int h = 0; h < 8; h++) {
      hours.add(Sample.hour("ord-1", h, h == 2 || h == 3 ? 200 : 30, 30));
    }
    broker.produce(prefix + Topics.VERIFIED_METRICS.name(), Topics.VERIFIED_METRICS.codec(), hours, VerifiedMetrics::getOrderId);

    Path users = dir.resolve("users.properties");
    Files.writeString(users, String.join("\n",
        "user.rita = REVIEWER:" + Users.hash("rita-pw"),
        "user.ravi = REVIEWER:" + Users.hash("ravi-pw"),
        "user.sam = SENIOR_REVIEWER:" + Users.hash("sam-pw"),
        "user.erin = ENGINEER:" + Users.hash("erin-pw"), ""));
    console = ReviewConsole.start(Settings.fromArgs(new String[] {
        "--console.port", "0", "--console.jdbc-url", "jdbc:h2:file:" + dir.resolve("store/review").toAbsolutePath(),
        "--console.users-file", users.toString(), "--kafka.bootstrap-servers", broker.bootstrapServers(),
        "--kafka.topic-prefix", prefix}, ConsoleOptions.ALL));
    await().atMost(Duration.ofSeconds(60)).until(() -> console.ingest().caughtUp() && console.ingest().applied() >= 12);
  }

  @AfterAll
  static void stop() {
    browsers.forEach(WebDriver::quit);
    if (console != null) {
      console.close();
    }
  }

  private static ChromeDriver browser(String name) throws Exception {
    ChromeDriver driver = Chromium.start(Files.createDirectories(dir.resolve("chrome-" + name + "-" + browsers.size())));
    browsers.add(driver);
    return driver;
  }

  private static ChromeDriver logIn(String user, String password) throws Exception {
    ChromeDriver b = browser(user);
    b.get(console.url() + "/queue");
    assertThat(b.getCurrentUrl()).endsWith("/login");
    b.findElement(By.id("username")).sendKeys(user);
    b.findElement(By.id("password")).sendKeys(password);
    submit(b, By.id("log-in"));
    assertThat(b.findElement(By.id("who")).getText()).startsWith(user);
    return b;
  }

  /** The whole page as a PNG under target/screenshots (the module README shows them). */
  private static void screenshot(ChromeDriver b, String name) throws Exception {
    Path shots = Files.createDirectories(Path.of("target", "screenshots"));
    org.openqa.selenium.Dimension before = b.manage().window().getSize();
    long height = ((Number) b.executeScript("return document.documentElement.scrollHeight")).longValue();
    b.manage().window().setSize(new org.openqa.selenium.Dimension(before.getWidth(), (int) Math.min(4000, height + 150)));
    Files.copy(b.getScreenshotAs(OutputType.FILE).toPath(), shots.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    b.manage().window().setSize(before);
  }

  @Test
  @Order(1)
  void aWrongPasswordDoesNotLogIn() throws Exception {
    ChromeDriver b = browser("stranger");
    b.get(console.url() + "/login");
    b.findElement(By.id("username")).sendKeys("rita");
    b.findElement(By.id("password")).sendKeys("guess");
    submit(b, By.id("log-in"));
    assertThat(b.findElement(By.id("login-error")).getText()).contains("wrong password");
    b.get(console.url() + "/queue");
    assertThat(b.getCurrentUrl()).endsWith("/login");
  }

  @Test
  @Order(2)
  void aReviewerFiltersOpensClaimsAndConfirmsACase() throws Exception {
    ChromeDriver rita = logIn("rita", "rita-pw");
    assertThat(rita.findElements(By.cssSelector("tr.case-row"))).extracting(e -> e.getAttribute("data-case"))
        .as("open cases, riskiest first; the ENFORCE case is not open").containsExactly("case-farm", "case-fresh");
    screenshot(rita, "queue.png");

    rita.findElement(By.id("filter-signal")).sendKeys("device-concentration");
    new Select(rita.findElement(By.id("filter-level"))).selectByValue("REVIEW");
    submit(rita, By.id("apply-filters"));
    assertThat(rita.findElements(By.cssSelector("tr.case-row"))).extracting(e -> e.getAttribute("data-case"))
        .containsExactly("case-farm");
    assertThat(rita.findElement(By.id("matching")).getText()).isEqualTo("1");

    submit(rita, By.linkText("case-farm"));
    assertThat(rita.findElement(By.id("case-status")).getText()).isEqualTo("open");
    assertThat(rita.findElements(By.cssSelector("tr.signal"))).extracting(e -> e.getAttribute("data-signal"))
        .containsExactly("device-concentration", "fresh-accounts");
    assertThat(rita.findElement(By.id("signals")).getText()).contains("a click farm").contains("0.620").contains("0.350");
    assertThat(rita.findElement(By.id("top-devices")).getText()).contains("dev-3").contains("60.0%");
    assertThat(rita.findElement(By.id("first-invalid")).getText()).as("when the invalid traffic began")
        .isEqualTo(Fmt.time(Sample.T0.plusSeconds(3 * 3600)));
    assertThat(rita.findElement(By.id("impact")).getText()).contains("500.00 CNY").contains("12 → 6");
    assertThat(rita.findElement(By.id("versions")).findElements(By.tagName("li"))).hasSize(2);
    await().atMost(Duration.ofSeconds(10)).until(() -> "true".equals(rita.findElement(By.id("chart")).getAttribute("data-drawn")));
    assertThat(rita.findElements(By.cssSelector("#chart canvas"))).isNotEmpty();

    submit(rita, By.id("claim-button"));
    assertThat(rita.findElement(By.id("flash")).getText()).startsWith("claimed until");
    assertThat(rita.findElement(By.id("claimed-by")).getText()).isEqualTo("rita");
    screenshot(rita, "case.png");

    rita.findElement(By.id("outcome-confirm")).click();
    rita.findElement(By.id("reason")).sendKeys("Sixty per cent of views from three phones; accounts made the day before.");
    submit(rita, By.id("decide-button"));
    assertThat(rita.findElement(By.id("flash")).getText()).startsWith("decision ").endsWith(" sent");
    assertThat(rita.findElement(By.id("decisions")).getText()).contains("CONFIRM")
        .contains("pending: waiting for the enforcement job's penalty");

    List<ReviewDecision> decisions = broker.readCommitted(prefix + Topics.REVIEW_DECISIONS.name(), Topics.REVIEW_DECISIONS.codec());
    assertThat(decisions).hasSize(1);
    ReviewDecision d = decisions.get(0);
    assertThat(d.getCaseId()).isEqualTo("case-farm");
    assertThat(d.getOrderId()).isEqualTo("ord-1");
    assertThat(d.getReviewerId()).isEqualTo("rita");
    assertThat(d.getDecision()).isEqualTo(ReviewOutcome.CONFIRM);
    assertThat(d.getNote()).startsWith("Sixty per cent");

    // The same form sent again (a double click, a reload) is the same decision: nothing more on the topic.
    rita.navigate().back();
    rita.findElement(By.id("outcome-confirm")).click();
    rita.findElement(By.id("reason")).sendKeys("Sixty per cent of views from three phones; accounts made the day before.");
    submit(rita, By.id("decide-button"));
    assertThat(rita.findElement(By.id("flash")).getText()).startsWith("already decided");
    assertThat(broker.readCommitted(prefix + Topics.REVIEW_DECISIONS.name(), Topics.REVIEW_DECISIONS.codec())).hasSize(1);
  }

  @Test
  @Order(3)
  void aSecondReviewerCannotClaimACaseAnotherHolds() throws Exception {
    ChromeDriver rita = logIn("rita", "rita-pw");
    rita.get(console.url() + "/cases/case-fresh");
    submit(rita, By.id("claim-button"));
    ChromeDriver ravi = logIn("ravi", "ravi-pw");
    ravi.get(console.url() + "/cases/case-fresh");
    submit(ravi, By.id("claim-button"));
    assertThat(ravi.findElement(By.id("flash")).getText()).startsWith("claimed by rita until");
    ravi.findElement(By.id("outcome-dismiss")).click();
    ravi.findElement(By.id("reason")).sendKeys("looks organic");
    submit(ravi, By.id("decide-button"));
    assertThat(ravi.findElement(By.id("flash")).getText()).isEqualTo("claimed by rita");
  }

  @Test
  @Order(4)
  void aReviewerCannotDecideAFourEyesCaseAndASeniorReviewerCan() throws Exception {
    ChromeDriver ravi = logIn("ravi", "ravi-pw");
    ravi.get(console.url() + "/cases/case-big");
    assertThat(ravi.findElement(By.id("four-eyes")).isDisplayed()).isTrue();
    submit(ravi, By.id("claim-button"));
    ravi.findElement(By.id("outcome-dismiss")).click();
    ravi.findElement(By.id("reason")).sendKeys("launch day");
    submit(ravi, By.id("decide-button"));
    assertThat(ravi.findElement(By.id("flash")).getText()).startsWith("four eyes");
    submit(ravi, By.id("release-button"));

    ChromeDriver sam = logIn("sam", "sam-pw");
    sam.get(console.url() + "/cases/case-big");
    submit(sam, By.id("claim-button"));
    sam.findElement(By.id("outcome-dismiss")).click();
    sam.findElement(By.id("reason")).sendKeys("Launch-day traffic from the brand's own campaign.");
    submit(sam, By.id("decide-button"));
    assertThat(sam.findElement(By.id("flash")).getText()).endsWith(" sent");
    assertThat(broker.readCommitted(prefix + Topics.REVIEW_DECISIONS.name(), Topics.REVIEW_DECISIONS.codec()))
        .filteredOn(d -> d.getCaseId().equals("case-big")).singleElement()
        .satisfies(d -> assertThat(d.getReviewerId()).isEqualTo("sam"));
  }

  @Test
  @Order(5)
  void anEngineerReadsButCannotDecideAndSeesDeadLetters() throws Exception {
    ChromeDriver erin = logIn("erin", "erin-pw");
    erin.get(console.url() + "/cases/case-fresh");
    assertThat(erin.findElements(By.id("decide"))).isEmpty();
    assertThat(erin.findElement(By.id("act")).getText()).contains("do not claim or decide");
    erin.get(console.url() + "/dead-letters");
    assertThat(erin.findElement(By.tagName("h1")).getText()).isEqualTo("Dead letters");

    // A hand-made post with the engineer's own session and token is refused by the desk too.
    HttpResponse<String> post = post(erin, "/cases/case-fresh/decide", "outcome=DISMISS&reason=x&_csrf=" + token(erin));
    assertThat(post.statusCode()).isEqualTo(409);
    assertThat(post.body()).contains("an engineer reads cases and does not decide them");
    assertThat(broker.readCommitted(prefix + Topics.REVIEW_DECISIONS.name(), Topics.REVIEW_DECISIONS.codec()))
        .noneMatch(d -> d.getReviewerId().equals("erin"));
  }

  @Test
  @Order(6)
  void aPostWithoutTheCsrfTokenIsRefused() throws Exception {
    ChromeDriver rita = logIn("rita", "rita-pw");
    rita.get(console.url() + "/cases/case-fresh");
    HttpResponse<String> withoutToken = post(rita, "/cases/case-fresh/decide", "outcome=DISMISS&reason=organic");
    assertThat(withoutToken.statusCode()).isEqualTo(403);
    assertThat(withoutToken.body()).isEqualTo("missing or wrong CSRF token");
    HttpResponse<String> wrongToken = post(rita, "/cases/case-fresh/decide", "outcome=DISMISS&reason=organic&_csrf=00ff");
    assertThat(wrongToken.statusCode()).isEqualTo(403);
    assertThat(broker.readCommitted(prefix + Topics.REVIEW_DECISIONS.name(), Topics.REVIEW_DECISIONS.codec()))
        .noneMatch(d -> d.getCaseId().equals("case-fresh"));
  }

  /** Clicks what loads a new page and waits until the old one is gone, so nothing is read from it. */
  private static void submit(ChromeDriver b, By what) {
    WebElement page = b.findElement(By.tagName("html"));
    b.findElement(what).click();
    new WebDriverWait(b, Duration.ofSeconds(15)).until(ExpectedConditions.stalenessOf(page));
  }

  @Test
  @Order(7)
  void aReviewerDecidesACreatorsAppealOnThePenaltysPage() throws Exception {
    ChromeDriver rita = logIn("rita", "rita-pw");
    rita.get(console.url() + "/penalties");
    assertThat(rita.findElements(By.cssSelector("tr.penalty-row"))).extracting(e -> e.getAttribute("data-penalty"))
        .containsExactly("pen-case-old");
    submit(rita, By.linkText("pen-case-old"));
    assertThat(rita.findElement(By.id("penalty-status")).getText()).isEqualTo("stands");
    rita.findElement(By.id("appeal-uphold")).click();
    rita.executeScript("arguments[0].value = '2026-03-01T12:30'", rita.findElement(By.id("appealed-at")));
    rita.findElement(By.id("appeal-reason")).sendKeys("The accounts belong to a rival agency; nothing ties the creator to them.");
    submit(rita, By.id("appeal-button"));
    assertThat(rita.findElement(By.id("flash")).getText()).startsWith("decision ").endsWith(" sent");
    assertThat(rita.findElement(By.cssSelector("tr.decision")).getText()).contains("UPHOLD_APPEAL")
        .contains("pending: waiting for the enforcement job's reversal");
    List<ReviewDecision> appeals = broker.readCommitted(prefix + Topics.REVIEW_DECISIONS.name(), Topics.REVIEW_DECISIONS.codec())
        .stream().filter(d -> d.getDecision() == ReviewOutcome.UPHOLD_APPEAL).toList();
    assertThat(appeals).hasSize(1);
    ReviewDecision appeal = appeals.get(0);
    assertThat(appeal.getPenaltyId()).isEqualTo("pen-case-old");
    assertThat(appeal.getCreatorId()).isEqualTo("cr-4");
    assertThat(appeal.getCaseId()).isEqualTo("case-old");
    assertThat(appeal.getAppealedAt()).isEqualTo(java.time.Instant.parse("2026-03-01T12:30:00Z"));
  }

  @Test
  @Order(8)
  void anEngineerSeesTheRuleSetInForceItsHistoryAndWhatTheCandidateWouldChange() throws Exception {
    long before = console.ingest().applied();
    java.time.Instant from = Sample.T0.plusSeconds(3600);
    broker.produce(prefix + Topics.DETECTION_RULES.name(), Topics.DETECTION_RULES.codec(), List.of(
        com.creatormarket.integrity.avro.DetectionRule.newBuilder().setVersion(1).setSettingKey("score.review").setValue("0.6")
            .setChangedBy("erin").setReason("fewer weak reviews").setEffectiveFrom(from).build(),
        com.creatormarket.integrity.avro.DetectionRule.newBuilder().setVersion(2).setSettingKey("candidate.score.enforce").setValue("0.5")
            .setChangedBy("erin").setReason(null).setEffectiveFrom(from).build()),
        com.creatormarket.integrity.avro.DetectionRule::getSettingKey);
    FlaggedCase shadow = Sample.flaggedCase("case-fresh", 1, "ord-2", "cr-2", "ag-2", ResponseLevel.ENFORCE, 0.52, "fresh-accounts");
    shadow.setRuleSetVersion(2);
    broker.produce(prefix + Topics.SHADOW_CASES.name(), Topics.SHADOW_CASES.codec(), List.of(shadow), FlaggedCase::getOrderId);
    await().atMost(Duration.ofSeconds(30)).until(() -> console.ingest().applied() >= before + 3);

    ChromeDriver erin = logIn("erin", "erin-pw");
    submit(erin, By.linkText("Detection rules"));
    assertThat(erin.findElement(By.id("live-version")).getText()).isEqualTo("Live rule set: version 1.");
    assertThat(erin.findElement(By.id("live-values")).getText()).contains("score.review 0.6");
    assertThat(erin.findElement(By.id("candidate")).getText()).contains("since version 2");
    assertThat(erin.findElement(By.id("candidate-values")).getText()).contains("score.enforce 0.5");
    assertThat(erin.findElements(By.cssSelector("#rules tbody tr"))).extracting(WebElement::getText)
        .satisfiesExactly(r -> assertThat(r).startsWith("2 candidate.score.enforce 0.5").endsWith("in force"),
            r -> assertThat(r).startsWith("1 score.review 0.6").contains("fewer weak reviews").endsWith("in force"));
    // ord-2 is enforced by the candidate only; ord-1's live review has no candidate case in the range (dropped).
    assertThat(erin.findElements(By.cssSelector("#comparison-rows tbody tr"))).extracting(WebElement::getText)
        .anySatisfy(r -> assertThat(r).startsWith("ENFORCE added ord-2").contains("rule set 2"))
        .anySatisfy(r -> assertThat(r).startsWith("REVIEW dropped ord-1"));
    screenshot(erin, "rules.png");
    submit(erin, By.linkText("ord-2"));
    assertThat(erin.getCurrentUrl()).endsWith("/cases/case-fresh");
    // Read-only: nothing on the page changes a rule.
    erin.get(console.url() + "/rules");
    assertThat(erin.findElements(By.cssSelector("main form"))).isEmpty();
  }

  private static String token(ChromeDriver b) {
    return b.findElement(By.name("_csrf")).getAttribute("value");
  }

  /** A form post outside the page, with the browser's session cookie. */
  private static HttpResponse<String> post(ChromeDriver b, String path, String form) throws Exception {
    Cookie session = b.manage().getCookies().stream().filter(c -> c.getName().equals("JSESSIONID")).findFirst().orElseThrow();
    HttpRequest request = HttpRequest.newBuilder(URI.create(console.url() + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Cookie", "JSESSIONID=" + session.getValue())
        .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }
}
