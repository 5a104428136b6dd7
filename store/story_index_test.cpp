#include "story_index.hpp"

#include "canonical_url.hpp"

#include <doctest/doctest.h>

using namespace monsoon::store::detail;
using monsoon::model::TimePoint;

namespace {

constexpr long long kDay = 86400;

TimePoint at(long long seconds) { return TimePoint{monsoon::model::Seconds{seconds}}; }

StoryItem item(std::int64_t id, std::int64_t feed, std::string url, long long time,
               bool aggregator = false) {
  return {id, feed, aggregator, canonical_url(url), at(time)};
}

Signature sig(std::string_view title, std::string_view summary = "") {
  return compute_signature(title, summary);
}

// compare()'s score with every feature weighing the same (an empty window).
double score(const Signature& a, const Signature& b) {
  const DocumentFrequency empty;
  FeatureWeights wa, wb;
  weigh(a, empty, wa);
  weigh(b, empty, wb);
  return compare({a, wa}, {b, wb}, SimilarityRule{}).score;
}

}  // namespace

TEST_CASE("Items with the same canonical URL join one story across feeds") {
  StoryIndex index;
  const auto first =
      index.assign(item(1, 10, "http://www.example.com/a?utm_source=x", 0), sig("Grab buys GoTo"));
  const auto second =
      index.assign(item(2, 20, "https://example.com/a/", 60), sig("Completely other words"));
  CHECK(first.reason == MatchReason::new_story);
  CHECK(second.reason == MatchReason::same_url);
  CHECK(second.story_id == first.story_id);
  CHECK(second.matched_item_id == 1);
}

TEST_CASE("A near-duplicate headline from another feed joins the story") {
  StoryIndex index;
  const auto a = index.assign(item(1, 10, "https://a.com/1", 0),
                              sig("Sea Ltd shares jump 10% after earnings beat"));
  const auto b = index.assign(item(2, 20, "https://b.com/2", 3600),
                              sig("Sea Ltd shares jump after strong earnings beat"));
  CHECK(b.reason == MatchReason::near_duplicate);
  CHECK(b.story_id == a.story_id);
  CHECK(b.similarity > 0.5);
}

TEST_CASE("Unspaced Chinese and Japanese headlines match their edited copies") {
  StoryIndex index;
  const auto a = index.assign(item(1, 10, "https://a.cn/1", 0), sig("华为发布新款折叠屏手机"));
  const auto b =
      index.assign(item(2, 20, "https://b.cn/2", 60), sig("华为发布新款折叠屏手机 售价万元"));
  const auto c = index.assign(item(3, 30, "https://c.jp/3", 60), sig("ソニー、新型カメラを発表"));
  const auto d =
      index.assign(item(4, 40, "https://d.jp/4", 90), sig("ソニーが新型カメラを発表した"));
  CHECK(b.story_id == a.story_id);
  CHECK(d.story_id == c.story_id);
  CHECK(c.story_id != a.story_id);
}

TEST_CASE("A different story about the same company starts a new story") {
  StoryIndex index;
  const auto a = index.assign(item(1, 10, "https://a.com/1", 0),
                              sig("Samsung third-quarter profit jumps on chip demand"));
  const auto b = index.assign(item(2, 20, "https://b.com/2", 60),
                              sig("Samsung unveils foldable phone with bigger screen"));
  CHECK(b.reason == MatchReason::new_story);
  CHECK(b.story_id != a.story_id);
}

TEST_CASE("Items of the same feed are never matched on text") {
  StoryIndex index;
  const auto a = index.assign(item(1, 10, "https://a.com/1", 0), sig("Daily briefing 20 November"));
  const auto b =
      index.assign(item(2, 10, "https://a.com/2", kDay), sig("Daily briefing 20 November"));
  CHECK(b.story_id != a.story_id);
}

TEST_CASE("Near-duplicates outside the window start a new story") {
  StoryIndex index;
  const std::string title = "Tokyo startup raises 5 billion yen for robots";
  const auto a = index.assign(item(1, 10, "https://a.com/1", 0), sig(title));
  const auto b = index.assign(item(2, 20, "https://b.com/2", 10 * kDay), sig(title));
  const auto c = index.assign(item(3, 30, "https://c.com/3", 18 * kDay), sig(title));
  CHECK(b.story_id != a.story_id);
  CHECK(c.story_id == b.story_id);
}

TEST_CASE("The lead is the earliest item from an original source") {
  StoryIndex index;
  const std::string title = "Tokyo startup raises 5 billion yen for robots";
  const auto a = index.assign(item(1, 10, "https://news.google.com/1", 0, true), sig(title));
  CHECK(a.lead_changed);
  CHECK(a.lead_item_id == 1);
  const auto b = index.assign(item(2, 20, "https://b.com/2", 500), sig(title));
  CHECK(b.lead_changed);
  CHECK(b.lead_item_id == 2);
  const auto c = index.assign(item(3, 30, "https://c.com/3", 100), sig(title));
  CHECK(c.lead_item_id == 3);
  const auto d = index.assign(item(4, 40, "https://d.com/4", 50, true), sig(title));
  CHECK_FALSE(d.lead_changed);
  const Story* story = index.story(a.story_id);
  REQUIRE(story != nullptr);
  CHECK(story->items == std::vector<std::int64_t>{1, 2, 3, 4});
  CHECK(story->feeds == std::vector<std::int64_t>{10, 20, 30, 40});
  CHECK(story->lead_item_id == 3);
}

TEST_CASE("Restored items keep their stories and new story ids continue above them") {
  StoryIndex index;
  index.restore(item(1, 10, "https://a.com/1", 0), sig("Grab and GoTo agree to merge"), 41);
  index.set_next_story_id(7);
  const auto same =
      index.assign(item(2, 20, "https://b.com/2", 60), sig("Grab and GoTo agree to merge"));
  const auto other = index.assign(item(3, 20, "https://b.com/3", 60), sig("Unrelated robot news"));
  CHECK(same.story_id == 41);
  CHECK(other.story_id == 42);
}

TEST_CASE("Old items leave memory while every story keeps its id") {
  StoryIndex index;
  for (int i = 0; i < 20000; ++i) {
    const auto assigned =
        index.assign(item(i + 1, i % 50, "https://a.com/" + std::to_string(i), i * 600),
                     sig("alpha" + std::to_string(i) + " beta" + std::to_string(i) + " gamma" +
                         std::to_string(i)));
    CHECK(assigned.story_id == i + 1);
  }
  CHECK(index.size() < 20000);
  CHECK(index.story(1) == nullptr);
  CHECK(index.story(20000) != nullptr);
  CHECK_FALSE(index.take_memory_cut().has_value());  // the window, not max_items, let them go
}

TEST_CASE("At most max_items items stay in memory, the newest of them") {
  StoryIndex index(StoryOptions{.window = std::chrono::days{9}, .max_items = 400});
  // All within the window, all at one of four times: the bound holds for ties too.
  for (int i = 0; i < 5000; ++i) {
    (void)index.assign(item(i + 1, i % 50, "https://a.com/" + std::to_string(i), (i / 1250) * 60),
                       sig("alpha" + std::to_string(i) + " beta" + std::to_string(i) + " gamma" +
                           std::to_string(i)));
    REQUIRE(index.size() <= 400);
  }
  CHECK(index.size() >= 300);
  const auto cut = index.take_memory_cut();
  REQUIRE(cut.has_value());
  CHECK(cut->kept == 300);
  CHECK(cut->span <= std::chrono::minutes{3});
  CHECK_FALSE(index.take_memory_cut().has_value());
  // The newest items are still matched on text; the oldest have left memory.
  const auto recent = index.assign(item(6000, 99, "https://b.com/recent", 3 * 60),
                                   sig("alpha4990 beta4990 gamma4990"));
  CHECK(recent.reason == MatchReason::near_duplicate);
  CHECK(recent.matched_item_id == 4991);
  const auto early = index.assign(item(6001, 99, "https://b.com/early", 3 * 60),
                                  sig("alpha10 beta10 gamma10"));
  CHECK(early.reason == MatchReason::new_story);
  CHECK(index.story(11) == nullptr);
}

TEST_CASE("Signatures survive encoding and reject foreign bytes") {
  const Signature original =
      sig("Huawei launches phone 华为发布新款手机", "A summary with several words in it");
  REQUIRE(original.subject.size() == 1);
  const std::string bytes = encode_signature(original);
  const auto decoded = decode_signature(bytes);
  REQUIRE(decoded.has_value());
  CHECK(decoded->title == original.title);
  CHECK(decoded->text == original.text);
  CHECK(decoded->names == original.names);
  CHECK(decoded->subject == original.subject);
  CHECK(decoded->has_summary == original.has_summary);
  CHECK_FALSE(decode_signature("").has_value());
  CHECK(decode_signature(bytes.substr(0, bytes.size() - 1)).error().code ==
        monsoon::model::Errc::storage);
  CHECK_FALSE(decode_signature(bytes + "x").has_value());
}

TEST_CASE("Short titles need agreeing summaries or identical titles") {
  CHECK(score(sig("Apple"), sig("Apple")) > 0);
  CHECK(score(sig("Apple earnings"), sig("Apple lawsuit")) == 0);
  CHECK(score(sig("Weekly update", "one two three four five six seven eight nine"),
              sig("Weekly update", "alpha beta gamma delta epsilon zeta eta theta iota")) == 0);
  CHECK(score(sig(""), sig("")) == 0);
}

TEST_CASE("Titles naming different subjects or numbers are different stories") {
  CHECK(score(sig("India's Ola Electric files for IPO"), sig("India's Swiggy files for IPO")) == 0);
  CHECK(score(sig("TechCrunch Asia podcast episode 54"),
              sig("TechCrunch Asia podcast episode 55")) == 0);
  CHECK(score(sig("TechCrunch Asia podcast episode 54"),
              sig("TechCrunch Asia podcast episode 54")) > 0);
}

TEST_CASE("Titles that differ only in a name each are different stories") {
  // They share a name (Nvidia), which alone does not make them one story.
  CHECK(score(sig("Nvidia partner Wistron to build server plant in Mexico"),
              sig("Nvidia partner Quanta to build server plant in Mexico")) == 0);
  // A name added on each side beside other rewording is not a swap.
  CHECK(score(sig("Wistron to build Nvidia server plant in Mexico"),
              sig("Nvidia partner Wistron to build server plant in Mexico")) > 0);
}

TEST_CASE("A negation, a reversal, a consideration or a completion on one side only makes another story") {
  const auto base = sig("Hitachi to sell its chip unit");
  CHECK(score(base, sig("Hitachi to sell its chip unit, sources say")) > 0);
  CHECK(score(base, sig("Hitachi will not sell its chip unit")) == 0);
  CHECK(score(base, sig("Hitachi won't sell its chip unit")) == 0);
  CHECK(score(base, sig("Hitachi weighs selling its chip unit")) == 0);
  CHECK(score(base, sig("Hitachi completes sale of its chip unit")) == 0);
  CHECK(score(sig("Hitachi calls off sale of its chip unit"),
              sig("Hitachi cancels sale of its chip unit")) > 0);
  CHECK(score(sig("小米宣布暂停汽车业务扩张"), sig("小米宣布取消汽车业务扩张")) == 0);
  CHECK(score(sig("카카오, 웹툰 자회사 매각 추진"), sig("카카오, 웹툰 자회사 매각 철회")) == 0);
}

TEST_CASE("An unspaced headline's opening subject tells two companies apart") {
  CHECK(score(sig("美团第二季度营收同比增长21%"), sig("拼多多第二季度营收同比增长21%")) == 0);
  CHECK(score(sig("美团第二季度营收同比增长21%"), sig("美团Q2营收同比增长21%")) > 0);
}

TEST_CASE("Rare shared features outweigh common ones") {
  DocumentFrequency frequency;
  for (int i = 0; i < 50; ++i) frequency.add(sig("shares rise on strong earnings").text);
  CHECK(frequency.weight(sig("shares").text[0]) < frequency.weight(sig("tokopedia").text[0]));
  CHECK(frequency.count(sig("shares").text[0]) == 50);
  frequency.remove(sig("shares").text);
  CHECK(frequency.count(sig("shares").text[0]) == 49);
}

TEST_CASE("A story with an item still in the window keeps all its members when old items go") {
  StoryIndex index;
  const std::string title = "Tokyo startup raises 5 billion yen for robots";
  const auto first = index.assign(item(1, 10, "https://a.com/1", 0), sig(title));
  const auto second = index.assign(item(2, 20, "https://b.com/2", 8 * kDay), sig(title));
  REQUIRE(second.story_id == first.story_id);
  for (int i = 0; i < 10000; ++i) {  // enough items to compact more than once
    index.assign(item(100 + i, 30 + i % 7, "https://c.com/" + std::to_string(i), 9 * kDay + i),
                 sig("filler" + std::to_string(i) + " words" + std::to_string(i)));
  }
  CHECK(index.size() < 10002);
  const Story* story = index.story(first.story_id);
  REQUIRE(story != nullptr);
  CHECK(story->items == std::vector<std::int64_t>{1, 2});
  CHECK(story->feeds == std::vector<std::int64_t>{10, 20});
  CHECK(story->lead_item_id == 1);
}

TEST_CASE("Two headlines that name two countries are different stories") {
  CHECK(score(sig("比亚迪将在巴西建设电动车工厂"), sig("比亚迪将在墨西哥建设电动车工厂")) == 0);
  CHECK(score(sig("토스, 베트남 송금 서비스 출시"), sig("토스, 필리핀 송금 서비스 출시")) == 0);
  CHECK(score(sig("比亚迪将在巴西建设电动车工厂"), sig("比亚迪宣布在巴西建设电动车工厂")) > 0);
  CHECK(score(sig("Grab expands food delivery to Vietnam"), sig("Grab expands food delivery to Thailand")) == 0);
  // A country on one side only is not a conflict.
  CHECK(score(sig("Grab expands food delivery to Vietnam"), sig("Grab expands food delivery")) > 0);
}

TEST_CASE("A profit on one side and a loss on the other are different stories") {
  CHECK(score(sig("GoTo reports narrower quarterly loss"), sig("GoTo reports first quarterly profit")) == 0);
  CHECK(score(sig("카카오, 1분기 영업이익 역대 최대"), sig("카카오, 1분기 영업손실 전환")) == 0);
  CHECK(score(sig("楽天グループ、5年ぶり営業黒字"), sig("楽天グループ、5年連続で営業赤字")) == 0);
  // A text that holds both is no conflict: a return to profit after losses.
  CHECK(score(sig("GoTo swings to quarterly profit",
                  "The company had reported losses in every quarter since its listing."),
              sig("GoTo posts first quarterly loss-free result, a profit",
                  "GoTo ended years of losses with its first profit.")) > 0);
  CHECK(score(sig("GoTo reports first quarterly profit"), sig("GoTo posts first quarterly profit")) > 0);
}

TEST_CASE("A win on one side and a loss on the other are different stories") {
  CHECK(score(sig("Korea Zinc wins court battle against MBK"),
              sig("Korea Zinc loses court battle against MBK")) == 0);
  CHECK(score(sig("三星电子专利诉讼一审胜诉"), sig("三星电子专利诉讼一审败诉")) == 0);
  CHECK(score(sig("삼성전자, 특허 소송 1심 승소"), sig("삼성전자, 특허 소송 1심 패소")) == 0);
  CHECK(score(sig("Korea Zinc wins court battle against MBK"),
              sig("Korea Zinc wins legal fight against MBK")) > 0);
}

TEST_CASE("Beating estimates and missing them are different stories") {
  CHECK(score(sig("Tencent quarterly revenue rises 8%, beats estimates"),
              sig("Tencent quarterly revenue rises 8%, misses estimates")) == 0);
  CHECK(score(sig("Infosys quarterly profit beats forecasts"),
              sig("Infosys quarterly profit falls short of forecasts")) == 0);
  CHECK(score(sig("小米第三季度营收超预期"), sig("小米第三季度营收未达预期")) == 0);
  CHECK(score(sig("ソニー、営業益が市場予想を上回る"), sig("ソニー、営業益が市場予想を下回る")) == 0);
  CHECK(score(sig("Tencent quarterly revenue rises 8%, beats estimates"),
              sig("Tencent revenue rises 8% in third quarter, beating estimates")) > 0);
}

TEST_CASE("Two headlines that differ only in the company opening them are different stories") {
  CHECK(score(sig("Infosys raises annual revenue growth forecast"),
              sig("Wipro raises annual revenue growth forecast")) == 0);
  CHECK(score(sig("Grab reports first annual profit since listing"),
              sig("GoTo reports first annual profit since listing")) == 0);
  // The same company, spelt two ways or named twice: one story.
  CHECK(score(sig("Foxconn to build AI server plant in Texas"),
              sig("Hon Hai to build AI server plant in Texas")) > 0);
  CHECK(score(sig("Infosys raises annual revenue growth forecast"),
              sig("Infosys raises annual revenue growth forecast - Reuters")) > 0);
  // Two outlets labelling one headline are no subjects.
  CHECK(score(sig("Nikkei: Toyota to build EV battery plant in Fukuoka"),
              sig("Reuters: Toyota to build EV battery plant in Fukuoka")) > 0);
  // A subject on one side only is no conflict.
  CHECK(score(sig("Infosys raises annual revenue growth forecast"),
              sig("Bengaluru's Infosys raises annual revenue growth forecast")) > 0);
}

TEST_CASE("Expanding and cutting or halting one thing are different stories") {
  CHECK(score(sig("日産、米国で生産能力を削減"), sig("日産、米国で生産能力を増強")) == 0);
  CHECK(score(sig("쿠팡, 대만 로켓배송 확대"), sig("쿠팡, 대만 로켓배송 중단")) == 0);
  CHECK(score(sig("京东物流扩大越南仓储网络"), sig("京东物流关闭越南仓储网络")) == 0);
  CHECK(score(sig("쿠팡, 대만 로켓배송 확대"), sig("쿠팡 대만 로켓배송 서비스 확대")) > 0);
}
