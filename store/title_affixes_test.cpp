#include "title_affixes.hpp"

#include <doctest/doctest.h>

using monsoon::store::detail::strip_outlet_affixes;

TEST_CASE("Wire tags and bracketed tags before a headline are stripped") {
  CHECK(strip_outlet_affixes("UPDATE 2-Grab to buy GoTo") == "Grab to buy GoTo");
  CHECK(strip_outlet_affixes("EXCLUSIVE: Grab to buy GoTo") == "Grab to buy GoTo");
  CHECK(strip_outlet_affixes("Breaking - Grab to buy GoTo") == "Grab to buy GoTo");
  CHECK(strip_outlet_affixes("【速報】トヨタ、新型車を発表") == "トヨタ、新型車を発表");
  CHECK(strip_outlet_affixes("[속보] 한은 기준금리 동결") == "한은 기준금리 동결");
  CHECK(strip_outlet_affixes("(LEAD) Samsung profit falls") == "Samsung profit falls");
}

TEST_CASE("An outlet after a spaced dash or a bar, or in brackets, is stripped") {
  CHECK(strip_outlet_affixes("Grab to buy GoTo - Reuters") == "Grab to buy GoTo");
  CHECK(strip_outlet_affixes("Grab to buy GoTo | The Straits Times") == "Grab to buy GoTo");
  CHECK(strip_outlet_affixes("$100 laptop gets working prototype (ZDNet)") ==
        "$100 laptop gets working prototype");
}

TEST_CASE("Headline words that only look like affixes stay") {
  CHECK(strip_outlet_affixes("Sea Ltd - shares jump") == "Sea Ltd - shares jump");
  CHECK(strip_outlet_affixes("Updates to the app store") == "Updates to the app store");
  CHECK(strip_outlet_affixes("US: Hate-crime charges filed") == "US: Hate-crime charges filed");
  CHECK(strip_outlet_affixes("Apple - a long history of chips that changed computing forever") ==
        "Apple - a long history of chips that changed computing forever");
  CHECK(strip_outlet_affixes("[Reuters]") == "[Reuters]");
  CHECK(strip_outlet_affixes("") == "");
}
