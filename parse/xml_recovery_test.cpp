#include "xml_recovery.hpp"

#include <doctest/doctest.h>

using monsoon::parse::detail::recover_xml;

TEST_CASE("A well-formed document needs no repair and is not copied") {
  const std::string input = "<?xml version=\"1.0\"?>\n<a x='1'><b>t &amp; u</b></a>";
  const auto recovered = recover_xml(input);
  CHECK(recovered.problems.empty());
  CHECK_FALSE(recovered.repaired);
  CHECK(recovered.saw_root);
  CHECK(recovered.text.empty());  // the input is to be parsed as it is
}

TEST_CASE("A document that needs repair loses its XML declaration and says it was repaired") {
  const auto recovered = recover_xml("<?xml version=\"1.0\"?>\n<a x='1'><b>t & u</b></a>");
  CHECK(recovered.repaired);
  CHECK(recovered.text == "<a x=\"1\"><b>t &amp; u</b></a>");
}

TEST_CASE("Expanding a declared entity counts as a repair even without a problem") {
  const auto recovered =
      recover_xml("<!DOCTYPE a [<!ENTITY who \"world\">]><a>hello &who;</a>");
  CHECK(recovered.problems.empty());
  CHECK(recovered.repaired);
  CHECK(recovered.text == "<a>hello world</a>");
}

TEST_CASE("A bare ampersand is escaped and reported with its line") {
  const auto recovered = recover_xml("<a>\n\nAT&T</a>");
  CHECK(recovered.text == "<a>\n\nAT&amp;T</a>");
  REQUIRE(recovered.problems.size() == 1);
  CHECK(recovered.problems[0].starts_with("line 3:"));
}

TEST_CASE("HTML entities become character references") {
  const auto recovered = recover_xml("<a>&nbsp;&eacute;&bogus;</a>");
  CHECK(recovered.text == "<a>&#160;&#233;&amp;bogus;</a>");
  CHECK(recovered.problems.size() == 3);
}

TEST_CASE("Entities declared in the internal subset are expanded") {
  const auto recovered = recover_xml("<!DOCTYPE a [<!ENTITY co \"Example Co\">]><a>&co;</a>");
  CHECK(recovered.text == "<a>Example Co</a>");
  CHECK(recovered.problems.empty());
}

TEST_CASE("Control characters are dropped") {
  const auto recovered = recover_xml(std::string("<a>x\x01y\x0Bz</a>"));
  CHECK(recovered.text == "<a>xyz</a>");
  CHECK(recovered.problems.size() == 2);
}

TEST_CASE("Mismatched end tags close the elements in between") {
  const auto recovered = recover_xml("<a><b><c>x</b></a>");
  CHECK(recovered.text == "<a><b><c>x</c></b></a>");
  CHECK(recovered.problems.size() == 1);
}

TEST_CASE("Garbage after the root element is cut") {
  const auto recovered = recover_xml("<a>x</a><b>junk</b> more");
  CHECK(recovered.text == "<a>x</a>");
  CHECK_FALSE(recovered.problems.empty());
}

TEST_CASE("A missing root end tag is added") {
  const auto recovered = recover_xml("<rss><channel><item>x</item></channel>");
  CHECK(recovered.text == "<rss><channel><item>x</item></channel></rss>");
  CHECK(recovered.problems.size() == 1);
}

TEST_CASE("A truncated document drops the cut off entry") {
  const auto recovered = recover_xml("<feed><entry>1</entry><entry><title>2</ti");
  CHECK(recovered.text == "<feed><entry>1</entry></feed>");
}

TEST_CASE("Unquoted and duplicate attributes are repaired") {
  const auto recovered = recover_xml("<a href=x.html href=\"y\" b='\"q\"'>t</a>");
  CHECK(recovered.text == "<a href=\"x.html\" b=\"&quot;q&quot;\">t</a>");
  CHECK(recovered.problems.size() == 2);
}

TEST_CASE("An unbound namespace prefix is reported") {
  const auto recovered = recover_xml("<a><x:b>t</x:b></a>");
  CHECK(recovered.problems.size() == 1);
}

TEST_CASE("A prefix is bound from its declaring element to that element's end") {
  // Declared by an ancestor, by the element itself, by a self-closing element.
  CHECK(recover_xml("<a xmlns:x='u'><b><x:c/></b></a>").problems.empty());
  CHECK(recover_xml("<a><x:b xmlns:x='u'>t</x:b></a>").problems.empty());
  CHECK(recover_xml("<a><x:b xmlns:x='u'/></a>").problems.empty());
  // Out of scope once the declaring element has ended.
  const auto sibling = recover_xml("<a><b xmlns:x='u'/><x:c/></a>");
  REQUIRE(sibling.problems.size() == 1);
  CHECK(sibling.problems[0].find("unbound prefix x") != std::string::npos);
  const auto after = recover_xml("<a><b xmlns:x='u'><x:c/></b><x:d/></a>");
  REQUIRE(after.problems.size() == 1);
  CHECK(after.problems[0].find("unbound prefix x") != std::string::npos);
  // Mismatched end tags close the inner elements and their declarations.
  const auto closed = recover_xml("<a><b xmlns:x='u'><c></b><x:d/></a>");
  CHECK(closed.problems.size() == 2);
}

TEST_CASE("Input without any element reports that no root was seen") {
  CHECK_FALSE(recover_xml("").saw_root);
  CHECK_FALSE(recover_xml("just text").saw_root);
}

TEST_CASE("An unterminated CDATA section is closed") {
  const auto recovered = recover_xml("<a><![CDATA[text");
  CHECK(recovered.text == "<a><![CDATA[text]]></a>");
}

TEST_CASE("Problems reported out of document order still get the right line") {
  const auto recovered = recover_xml("<a>\n<x:b c=d>t</x:b>\n&</a>");
  REQUIRE(recovered.problems.size() == 3);
  CHECK(recovered.problems[0].starts_with("line 2: unquoted"));
  CHECK(recovered.problems[1].starts_with("line 2: unbound prefix"));
  CHECK(recovered.problems[2].starts_with("line 3:"));
}

TEST_CASE("Repairs between long plain runs keep every byte around them") {
  const std::string plain(29, 'x');
  const auto recovered = recover_xml("<a t='" + plain + "<" + plain + "'>" + plain + "&nbsp;" +
                                     plain + "\x01" + plain + "& " + plain +
                                     "\xEF\xBF\xBE" + plain + "\xE4\xB8\xAD</a>");
  CHECK(recovered.text == "<a t=\"" + plain + "&lt;" + plain + "\">" + plain + "&#160;" + plain +
                              plain + "&amp; " + plain + plain + "\xE4\xB8\xAD</a>");
  CHECK(recovered.problems.size() == 5);
}
