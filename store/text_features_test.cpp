#include "text_features.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <iterator>
#include <string>
#include <vector>

using monsoon::store::detail::is_number_feature;
using monsoon::store::detail::text_features;

namespace {

auto features(std::string_view text) { return text_features(text, 64).features; }
auto names(std::string_view text) { return text_features(text, 64).names; }
auto subject(std::string_view text) { return text_features(text, 64).subject; }

}  // namespace

TEST_CASE("Text features ignore case and punctuation and stop words") {
  CHECK(features("Sea Ltd Shares JUMP!") == features("sea ltd - shares jump"));
  CHECK(features("The shares of Sea") == features("Sea shares"));
  CHECK(features("...!!! ").empty());
}

TEST_CASE("Text features fold full-width Latin and digits to ASCII") {
  CHECK(features("ＡＩ Ｃｈｉｐ ２０２６") == features("ai chip 2026"));
  CHECK(features("Café") == features("cafe"));
}

TEST_CASE("Text features join apostrophes and fold a plural s") {
  CHECK(features("Apple's chips") == features("Apple chip"));
  CHECK(features("Apple’s chips") == features("Apple chip"));
  CHECK(features("business") != features("busines"));
}

TEST_CASE("A French elision and dotted initials are read as words") {
  CHECK(features("record d'invincibilité") == features("record invincibilite"));
  CHECK(features("U.S. veteran") == features("US veteran"));
}

TEST_CASE("A number with a unit or an ordinal gives the number") {
  CHECK(features("$7bn deal") == features("7 billion deal"));
  CHECK(features("2nd plant") == features("2 plant"));
  CHECK(features("5G") != features("5"));
}

TEST_CASE("Unspaced CJK text gives character bigrams that match without spaces") {
  const auto spaced = features("华为 新款 折叠 手机");
  const auto unspaced = features("华为新款折叠手机");
  // 7 bigrams and the 8 characters; spaced, 4 bigrams and the same 8 characters.
  CHECK(unspaced.size() == 7 + 8);
  CHECK(spaced.size() == 4 + 8);
  CHECK(features("华为新款折叠手机。") == unspaced);
  // A word of the lexicon's classes (发布, launch) is one feature and ends the run:
  // 华为 (1 bigram, 2 characters), launch, 新款手机 (3 bigrams, 4 characters).
  CHECK(features("华为发布新款手机") == features("华为 发布 新款手机"));
  CHECK(features("华为发布新款手机").size() == 3 + 1 + 7);
  CHECK(features("ソニー、新型カメラを発表した") == features("ソニー 新型カメラを発表した"));
  CHECK(features("삼성전자가 신제품") == features("삼성전자 신제품"));  // particle 가 dropped
  CHECK(features("쿠팡이 파페치를 인수한다") == features("쿠팡 파페치 인수"));
  CHECK(features("한은") != features("한"));  // two syllables stay whole
  CHECK(features("中").size() == 1);
}

TEST_CASE("Han characters count alone too; Hangul and kana syllables do not") {
  // An edited headline rewords a word ("建设…工厂" / "建…晶圆厂"): its bigrams
  // differ, its characters mostly do not.
  const auto a = features("建设第二座工厂");
  const auto b = features("建第二座晶圆厂");
  std::vector<std::uint32_t> shared;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(shared));
  CHECK(shared.size() == 2 + 5);  // 第二 二座; 建 第 二 座 厂
  CHECK(features("삼성전자").size() == 3);  // bigrams only
  CHECK(features("ソニー").size() == 2);
  CHECK(features("ソニー日立").size() == 4 + 2);  // 4 bigrams, 日 and 立
  // A country adds its name: 4 bigrams, 中 and 国, and China's feature.
  CHECK(features("ソニー中国").size() == 4 + 2 + 1);
}

TEST_CASE("Hiragana separates Japanese words as particles and inflections do") {
  CHECK(features("した").empty());
  CHECK(features("発表した") == features("発表"));
  CHECK(features("メルカリが米国事業で人員削減へ") == features("メルカリ 米国事業 人員削減"));
}

TEST_CASE("Chinese function characters separate words") {
  CHECK(features("台积电将在日本建厂") == features("台积电 日本建厂"));
}

TEST_CASE("Chinese reporting verbs are dropped, as 'said' is") {
  CHECK(features("京东宣布裁员") == features("京东 裁员"));
  CHECK(features("台積電表示營收創新高") == features("台積電 營收創新高"));
  CHECK(features("宣传") != features(""));  // 宣 alone is not the verb
}

TEST_CASE("Mixed Latin and CJK text keeps both kinds of feature") {
  CHECK(features("ソフトバンクがArmを上場").size() > 5);
  CHECK(features("iPhone 17 发布") != features("iphone17 发布"));
}

TEST_CASE("Text features survive invalid UTF-8 and bound their work") {
  const std::string hostile = std::string("abc\xff\xfe def \xe4\xb8") + std::string(100000, 'x');
  CHECK(features(hostile).size() <= 64);
  CHECK(text_features(std::string(10000, 'a') + " b", 64, 100).features.size() == 1);
  std::string many;
  for (int i = 0; i < 500; ++i) many += "w" + std::to_string(i) + " ";
  CHECK(text_features(many, 10).features.size() == 10);
}

TEST_CASE("Numbers carry the number bit and other features do not") {
  const auto number = features("2024");
  REQUIRE(number.size() == 1);
  CHECK(is_number_feature(number[0]));
  for (const auto feature : features("Samsung Z3 profit 华为"))
    CHECK_FALSE(is_number_feature(feature));
}

TEST_CASE("Capitalised words inside a sentence are names unless the text is in title case") {
  CHECK(names("India's Ola Electric files for IPO") == features("Ola Electric"));
  CHECK(names("Grab to acquire GoTo").size() == 1);
  CHECK(names("SK Hynix profit falls") == features("SK Hynix"));
  CHECK(names("Hate Crime Charges Brought in Chicago Torture Case").empty());
  CHECK(names("World › Samsung").empty());
}

TEST_CASE("The subject that opens an unspaced headline is a name") {
  // Before 、 or a comma: the whole run.
  CHECK(names("トヨタ、新型プリウスを発表") == features("トヨタ"));
  CHECK(names("넥슨, 신작 게임 글로벌 출시") == features("넥슨"));
  // Otherwise its first bigram, and nothing after it.
  const auto huawei = names("华为");
  REQUIRE(huawei.size() == 1);
  CHECK(names("华为发布新款手机") == huawei);
  CHECK(names("腾讯第三季度营收增长") != names("网易第三季度营收增长"));
  CHECK(names("新款手机由华为发布").size() == 1);
  CHECK(names("新款手机由华为发布") != huawei);
  // Not a word of the lexicon's classes, nor a run after a word.
  CHECK(names("发布新款手机").empty());
  CHECK(names("Apple 发布新款手机").empty());
}

TEST_CASE("Chinese, Japanese and Korean words of the lexicon's classes share its features") {
  // The class's feature is the English word's, beside the Han characters alone.
  const auto holds = [](std::string_view text, std::string_view word) {
    const auto english = features(word);
    REQUIRE(english.size() == 1);
    const auto found = features(text);
    return std::find(found.begin(), found.end(), english[0]) != found.end();
  };
  for (const auto* text : {"发布", "推出", "發表", "発売", "출시"}) CHECK(holds(text, "launch"));
  CHECK(holds("营收", "revenue"));
  CHECK(holds("營收", "revenue"));
  CHECK(holds("취소", "cancel"));
  CHECK(holds("不会", "not"));
  CHECK(holds("増加", "rise"));
  CHECK_FALSE(holds("減少", "rise"));
  CHECK_FALSE(holds("发展", "launch"));
  // Each is one feature, without its characters alone or bigrams across it.
  CHECK(features("营收增长").size() == 2);
}

TEST_CASE("Quarters written as words are numbers") {
  const auto q3 = features("Q3");
  REQUIRE(q3.size() == 1);
  CHECK(is_number_feature(q3[0]));
  CHECK(features("3Q") == q3);
  CHECK(features("third-quarter profit") == features("Q3 quarter profit"));
  CHECK(features("Q2") != q3);
  const auto chinese = features("第三季度");
  CHECK(std::find(chinese.begin(), chinese.end(), q3[0]) != chinese.end());
}

TEST_CASE("Magnitudes and currencies after a number stand alone") {
  CHECK(features("10조원") == features("10조 원"));
  CHECK(features("매출 10조원 돌파") == features("매출 10조 원 돌파"));
  CHECK(features("50万辆") == features("50万 辆"));
  CHECK(features("3億円") == features("3 億 円"));
  // Not after a number: 万 is a character of the run like any other.
  CHECK(features("万科") != features("万 科"));
}

TEST_CASE("Countries in unspaced text are names, the same as in English") {
  const auto india = features("India");
  REQUIRE(india.size() == 1);
  for (const auto* text : {"印度", "インド", "인도"}) {
    const auto found = text_features(text, 64);
    CHECK_MESSAGE(std::find(found.names.begin(), found.names.end(), india[0]) != found.names.end(),
                  text);
  }
  // The longest word first: インドネシア is Indonesia, not India.
  const auto indonesia = features("インドネシア");
  CHECK(std::find(indonesia.begin(), indonesia.end(), india[0]) == indonesia.end());
  CHECK(std::find(indonesia.begin(), indonesia.end(), features("Indonesia")[0]) != indonesia.end());
}

TEST_CASE("Random mixes of lexicon words, CJK, numbers and particles stay bounded and consistent") {
  // Pieces that meet the new paths: the lexicon's CJK words (two to twelve characters,
  // overlapping prefixes such as インド / インドネシア), units after numbers, Korean
  // particles and endings, subject commas, British spellings.
  const std::vector<std::string> pieces = {
      "印度", "印度尼西亚", "インド", "インドネシア", "인도", "인도네시아", "发布", "推出", "取消",
      "철회", "한다", "안", "가", "、", ",", " ", "10", "3.5", "万", "조", "원", "円", "第三季度",
      "營收", "増加", "centre", "labour", "organisation", "penalised", "Q3", "third-quarter",
      "腾讯", "台積電", "ソニー", "值", "\xff", "a", "宣布", "季"};
  std::mt19937 rng(20261129);
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const int count = 1 + static_cast<int>(rng() % 24);
    for (int i = 0; i < count; ++i) text += pieces[rng() % pieces.size()];
    const auto out = text_features(text, 16);
    REQUIRE(out.features.size() <= 16);
    CHECK(std::is_sorted(out.features.begin(), out.features.end()));
    CHECK(std::includes(out.features.begin(), out.features.end(), out.names.begin(),
                        out.names.end()));
    CHECK(text_features(text, 16).features == out.features);
  }
}

TEST_CASE("A capitalised word that opens the text is its subject, not a name") {
  CHECK(subject("Infosys raises annual revenue growth forecast") == features("Infosys"));
  CHECK(names("Infosys raises annual revenue growth forecast").empty());
  CHECK(subject("GoTo reports first annual profit") == features("GoTo"));
  CHECK(subject("Hon Hai to build AI server plant") == features("Foxconn"));  // one company
  // Not a subject: a word of the lexicon's classes, a number, a word in lower case,
  // a later word, unspaced text.
  CHECK(subject("Samsung cuts jobs") == features("Samsung"));
  CHECK(subject("Cuts at Samsung").empty());
  CHECK(subject("2024 sales at Samsung").empty());
  CHECK(subject("iPhone sales fall") == features("iPhone"));
  CHECK(subject("sales at Samsung fall").empty());
  CHECK(subject("字节跳动计划明年投入1600亿元采购AI芯片").empty());
  CHECK(subject("Nikkei: Toyota to build battery plant").empty());  // a label
}
