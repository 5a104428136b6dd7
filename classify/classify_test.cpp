#include <monsoon/classify.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace monsoon;
using model::Region;

namespace {

model::Entry entry_with(std::string id, std::string link, std::string title) {
  model::Entry entry;
  entry.id = std::move(id);
  entry.link = std::move(link);
  if (!title.empty()) entry.title = model::Text{title};
  return entry;
}

classify::Verdict verdict_of(std::string_view title, std::string_view summary = {}) {
  return classify::builtin_classifier().classify(classify::Input{.title = title, .summary = summary});
}

Region region_of(std::string_view title, std::string_view summary = {}) {
  return verdict_of(title, summary).region;
}

}  // namespace

TEST_CASE("An entry from a country feed that names nothing is left for the editor") {
  // Country feeds run world news and columns too: silence is not evidence.
  model::FeedSource feed{.url = "https://example.jp/feed", .name = "JP", .region = Region::japan};
  auto verdict =
      classify::classify_region(entry_with("1", "", "Quarterly results beat forecasts"), feed);
  CHECK(verdict.region == Region::unassigned);
}

TEST_CASE("Text evidence outweighs the feed's region") {
  model::FeedSource feed{.url = "https://example.jp/feed", .name = "JP", .region = Region::japan};
  auto verdict = classify::classify_region(
      entry_with("1", "", "Samsung opens a new HBM line in Pyeongtaek"), feed);
  CHECK(verdict.region == Region::south_korea);
  // The text names only Korea: the prior stays out of the evidence altogether.
  for (const auto& reason : verdict.reasons) CHECK(reason.kind != "feed");
}

TEST_CASE("A fixed feed region is the verdict whatever the text says") {
  model::FeedSource feed{.url = "https://x.example/feed", .name = "X", .region = Region::india,
                         .region_fixed = true};
  auto verdict = classify::classify_region(entry_with("1", "", "TSMC raises prices in Taiwan"), feed);
  CHECK(verdict.region == Region::india);
  CHECK(verdict.confidence == 1.0);
}

TEST_CASE("A pan-Asian feed's item without evidence stays unassigned") {
  model::FeedSource feed{.url = "https://x.example/feed", .name = "X", .region = Region::pan_asia};
  auto verdict = classify::classify_region(entry_with("1", "", "Startup raises a Series A round"), feed);
  CHECK(verdict.region == Region::unassigned);
}

TEST_CASE("Country names companies and regulators place a story") {
  CHECK(region_of("TSMC's Arizona plant starts volume production") == Region::taiwan);
  CHECK(region_of("MeitY drafts new rules for AI labelling") == Region::india);
  CHECK(region_of("Flipkart files for IPO") == Region::india);
  CHECK(region_of("Grab posts first full-year profit") == Region::southeast_asia);
  CHECK(region_of("Naver and Kakao face KFTC probe") == Region::south_korea);
  CHECK(region_of("SoftBank's Son bets on OpenAI again") == Region::japan);
  CHECK(region_of("CAC fines Alibaba over data handling") == Region::china);
  CHECK(region_of("Careem launches a super app in Dubai") == Region::rest_of_asia);
  CHECK(region_of("Rupee hits record low against the dollar") == Region::india);
}

TEST_CASE("Local scripts are matched without word boundaries") {
  CHECK(region_of("台積電宣布在高雄興建新廠") == Region::taiwan);
  CHECK(region_of("华为发布新款手机") == Region::china);
  CHECK(region_of("ソニーが新型センサーを発表") == Region::japan);
  CHECK(region_of("삼성전자, 파운드리 투자 확대") == Region::south_korea);
}

TEST_CASE("Latin terms need word boundaries") {
  CHECK(region_of("Indiana lawmakers debate data centre tax breaks") != Region::india);
  CHECK(region_of("Indianapolis startup raises seed round") != Region::india);
  CHECK(region_of("Chinatown restaurant reviews") != Region::china);
}

TEST_CASE("Capitalised brand names do not match ordinary words") {
  CHECK(region_of("Sea levels rise faster than expected") != Region::southeast_asia);
  CHECK(region_of("Sea Ltd shares jump on Shopee profit") == Region::southeast_asia);
  CHECK(region_of("How to grab the best deals this week") != Region::southeast_asia);
  CHECK(region_of("GRAB POSTS RECORD PROFIT") == Region::southeast_asia);
}

TEST_CASE("The longest overlapping term wins") {
  CHECK(region_of("North Korea hackers steal crypto") == Region::rest_of_asia);
  CHECK(region_of("Inner Mongolia data centres expand") == Region::china);
  CHECK(region_of("Maruti Suzuki plans EV launch") == Region::india);
  CHECK(region_of("China Airlines orders new jets") == Region::taiwan);
}

TEST_CASE("A story naming two countries goes to the one it leads with") {
  CHECK(region_of("Samsung to build chip plant in Vietnam") == Region::south_korea);
  CHECK(region_of("Vietnam wins Samsung chip plant") == Region::southeast_asia);
  CHECK(region_of("Japan's Rakuten expands", "The company also sells in Taiwan and India.") ==
        Region::japan);
}

TEST_CASE("A headline's subject is not outvoted by several names for its object") {
  // Each further mention of a region in a title counts less than the one before.
  CHECK(region_of("Taiwan adds Huawei and SMIC to export blacklist") == Region::taiwan);
  CHECK(region_of("Huawei and SMIC added to Taiwan's export blacklist") == Region::china);
  // Many names of one region still add up when nothing else is named.
  const auto verdict = verdict_of("Alibaba, Baidu and Tencent rally in Hong Kong");
  CHECK(verdict.region == Region::china);
  CHECK(verdict.confidence > verdict_of("Alibaba rallies").confidence);
}

TEST_CASE("The outlet's home does not make a story about elsewhere unsure") {
  // A .jp link is a weak hint that counts against text naming Thailand for half.
  const auto& classifier = classify::builtin_classifier();
  const auto verdict = classifier.classify(
      {.title = "The special effect of a film director",
       .summary = "The director pokes a little fun at Thailand's superstitions.",
       .link = "https://www.example.co.jp/culture/a"});
  CHECK(verdict.region == Region::southeast_asia);
}

TEST_CASE("Software platforms are weak evidence of a story's place") {
  // Windows and macOS run everywhere: a Chinese text naming them stays Chinese.
  CHECK(region_of("印象笔记出了一个智能鼠标，能让你的电脑听懂语音",
                  "在 Windows 和 macOS 上都可以使用，支持多种语言输入。") == Region::china);
  CHECK(region_of("Microsoft fixes Windows bug") == Region::global);
}

TEST_CASE("The title weighs more than the summary") {
  CHECK(region_of("Infosys wins a banking contract", "The bank is based in Singapore.") ==
        Region::india);
}

TEST_CASE("Stories about places outside Asia are global and empty ones unassigned") {
  CHECK(region_of("Apple unveils new MacBook in Cupertino") == Region::global);
  CHECK(region_of("European Commission fines Google") == Region::global);
  CHECK(region_of("US tariffs hit Chinese solar makers") == Region::china);
  CHECK(region_of("") == Region::unassigned);
  CHECK(region_of("Asia's startups face a funding winter") == Region::unassigned);
}

TEST_CASE("Weak signals place an item when the text says nothing") {
  const auto& classifier = classify::builtin_classifier();
  auto hangul = classifier.classify({.title = "메모리 반도체 생산 능력 두 배로"});
  CHECK(hangul.region == Region::south_korea);
  auto by_language = classifier.classify(
      {.title = "Quarterly results beat forecasts", .link = "https://news.example.co.jp/a",
       .language = "ja"});
  CHECK(by_language.region == Region::japan);
  auto by_link_only = classifier.classify({.title = "Results", .link = "https://example.tw/x"});
  CHECK(by_link_only.region == Region::unassigned);
}

TEST_CASE("The verdict lists its evidence with weights") {
  auto verdict = verdict_of("TSMC raises prices", "Taipei-based analysts expect more.");
  REQUIRE(verdict.region == Region::taiwan);
  REQUIRE_FALSE(verdict.reasons.empty());
  CHECK(verdict.reasons.front().term == "TSMC");
  CHECK(verdict.reasons.front().in_title);
  CHECK(verdict.evidence.rfind("TSMC taiwan +", 0) == 0);
  const auto text = classify::explain(verdict);
  CHECK(text.rfind("taiwan (confidence ", 0) == 0);
  CHECK(text.find("company \"TSMC\" in the title") != std::string::npos);
}

TEST_CASE("Operator data and rules extend the shipped data") {
  auto classifier = classify::Classifier::create(
      "[region.southeast_asia]\ncompany = [\"Shein\", \"Kopi Kenangan\"]\n", "extra.toml",
      {{.pattern = "Zorblax", .region = Region::india, .weight = 3.0}});
  REQUIRE(classifier);
  CHECK(classifier->classify({.title = "Kopi Kenangan opens 100 stores"}).region ==
        Region::southeast_asia);
  CHECK(classifier->classify({.title = "Shein files for listing"}).region == Region::southeast_asia);
  auto ruled = classifier->classify({.title = "Zorblax raises funding"});
  CHECK(ruled.region == Region::india);
  CHECK(ruled.reasons.front().kind == "rule");
  CHECK(classifier->term_count() == classify::builtin_classifier().term_count() + 2);
}

TEST_CASE("Bad operator data and bad rules are refused") {
  auto bad_file = classify::Classifier::create("[region.atlantis]\nname = [\"X\"]\n", "ops.toml");
  REQUIRE_FALSE(bad_file);
  CHECK(bad_file.error().code == model::Errc::config);
  CHECK(bad_file.error().message.rfind("ops.toml:1:1: unknown region", 0) == 0);
  auto bad_rule = classify::Classifier::create({}, {}, {{.pattern = "", .region = Region::india}});
  REQUIRE_FALSE(bad_rule);
  CHECK(bad_rule.error().code == model::Errc::config);
}

TEST_CASE("Hostile text is classified without harm") {
  std::string binary("\xff\xfe\x00\xc3 China \xe4\xb8", 13);
  CHECK(region_of(binary) == Region::china);
  const std::string huge(1 << 20, 'a');
  CHECK(region_of("Beijing", huge) == Region::china);
}

TEST_CASE("The identity key prefers the guid then the link then a title and date hash") {
  CHECK(classify::identity_key(entry_with("urn:1", "https://a/1", "T")) == "guid:urn:1");
  CHECK(classify::identity_key(entry_with("", "https://a/1", "T")) == "link:https://a/1");
  auto hashed = classify::identity_key(entry_with("", "", "T"));
  CHECK(hashed.rfind("hash:", 0) == 0);
  CHECK(hashed.size() == 5 + 16);
}

TEST_CASE("The hash key is stable and differs when the title or date differs") {
  auto a = entry_with("", "", "Title A");
  auto b = entry_with("", "", "Title B");
  CHECK(classify::identity_key(a) == classify::identity_key(entry_with("", "", "Title A")));
  CHECK(classify::identity_key(a) != classify::identity_key(b));
  auto dated = a;
  dated.published_raw = "Fri, 20 Nov 2026 10:30:00 +0800";
  CHECK(classify::identity_key(a) != classify::identity_key(dated));
}

TEST_CASE("A pan-Asian feed's item that names somewhere outside Asia is global") {
  model::FeedSource feed{.url = "https://x.example/feed", .name = "X", .region = Region::pan_asia};
  auto verdict = classify::classify_region(entry_with("1", "", "Microsoft cuts 6,000 jobs"), feed);
  CHECK(verdict.region == Region::global);
}

TEST_CASE("A world feed does not pull an item that names Asia out of it") {
  model::FeedSource feed{.url = "https://x.example/feed", .name = "W", .region = Region::global};
  auto verdict = classify::classify_region(entry_with("1", "", "Rakuten opens a new office"), feed);
  CHECK(verdict.region == Region::japan);
}

TEST_CASE("The feed's region breaks a tie between regions the text names") {
  const std::string title = "Karnataka minister opens investor forum in Dubai";
  const auto& classifier = classify::builtin_classifier();
  const auto with_india = classifier.classify({.title = title, .feed_region = Region::india});
  const auto with_gulf = classifier.classify({.title = title, .feed_region = Region::rest_of_asia});
  CHECK(with_india.region == Region::india);
  CHECK(with_gulf.region == Region::rest_of_asia);
}

TEST_CASE("The feed's region never outweighs clear text about another region") {
  const auto& classifier = classify::builtin_classifier();
  const auto verdict = classifier.classify(
      {.title = "Sony and Nintendo cut console prices in Tokyo",
       .summary =
           "Retailers expect the cuts to spread to other markets, analysts said, including China.",
       .feed_region = Region::china});
  CHECK(verdict.region == Region::japan);
  const auto other = classifier.classify(
      {.title = "Thailand approves a new data centre zone", .feed_region = Region::japan});
  CHECK(other.region == Region::southeast_asia);
}

TEST_CASE("An all-capitals name followed by a dash and digits is a model number") {
  CHECK(region_of("Hands on with the MGX-0550 portable speaker") != Region::rest_of_asia);
  CHECK(region_of("MGX backs a new AI fund") == Region::rest_of_asia);
}
