#include "lexicon.hpp"

#include "hashing.hpp"
#include "utf8.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <string>
#include <vector>

namespace monsoon::store::detail {
namespace {

// English function words and reporting verbs; French, German and Spanish articles,
// pronouns and prepositions. ("die" is left out: English "dies" is news.)
constexpr std::string_view kStopWords[] = {
    "about", "after", "again", "against", "also", "amid", "among", "an", "and", "any", "are", "as",
    "at", "be", "been", "before", "being", "between", "both", "but", "by", "can", "could", "did",
    "do", "does", "during", "each", "for", "from", "had", "has", "have", "he", "her", "here", "his",
    "how", "if", "in", "into", "is", "it", "its", "just", "may", "might", "more", "most", "much",
    "must", "new", "no", "now", "of", "on", "only", "or", "other", "our", "out", "over",
    "own", "per", "said", "say", "says", "she", "should", "so", "some", "such", "than", "that",
    "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "to",
    "too", "under", "until", "up", "very", "via", "was", "we", "were", "what", "when", "where",
    "which", "while", "who", "whom", "why", "will", "with", "would", "yet", "you", "your",
    // French
    "au", "aux", "avec", "ce", "cette", "dans", "de", "des", "du", "elle", "en", "est", "et", "il",
    "la", "le", "les", "leur", "ne", "pas", "par", "plus", "pour", "qui", "que", "sa", "se", "ses",
    "son", "sont", "sur", "un", "une",
    // German
    "am", "auch", "auf", "aus", "bei", "das", "dem", "den", "der", "ein", "eine", "einem", "einen",
    "einer", "es", "fur", "im", "ist", "mit", "nach", "nicht", "oder", "sich", "sind", "und", "vom",
    "von", "wie", "zu", "zum", "zur",
    // Spanish
    "al", "con", "del", "el", "las", "los", "para", "por", "su", "una", "y"};

struct Class {
  // "\1": a thing or an event; "\2": a country (it may be a name); "\3": an action,
  // the stage a story is at (is_action()); "\4": a marker, a word that makes a
  // headline say another thing than the same headline without it: a negation or a
  // reversal ("will not", "withdraws", "취소"), a denial, an appeal or a delay
  // ("rejects", "postpones"), a consideration ("weighs", "検討"), a completion
  // ("completes", "完成"), a trial ("prototype", "pilot production") (is_marker();
  // markers are actions too); "\5": a number written in words ("Q3", "third
  // quarter", "第三季"), which text_features marks as a number; "\6": a company
  // known by two names (a name, as a country is).
  std::u32string_view name;
  std::initializer_list<std::string_view> words;
};

// Words headlines use for one development, by class. Each word is stemmed when the
// table is built, so inflections the stemmer joins need not be listed.
const Class kClasses[] = {
    {U"\3acquire",
     {"acquire", "acquisition", "buy", "bought", "purchase", "takeover", "merger", "merge", "sell",
      "sold", "divest", "divestment"}},
    {U"\3halt",
     {"halt", "stop", "suspend", "suspension", "pause", "cease", "shut", "shutdown", "closure",
      "terminate"}},
    {U"\3up",
     {"rise", "rose", "risen", "raise", "hike", "increase", "jump", "soar", "surge", "climb",
      "gain", "rally", "rallies", "boost", "spike", "lift", "grow", "rebound"}},
    {U"\3down",
     {"fall", "fell", "cut", "lower", "reduce", "slash", "layoff", "trim", "drop", "slump",
      "plunge", "tumble", "slide", "sink", "sank", "decline", "dip", "slip", "shed", "shrink",
      "axe", "downsize"}},
    {U"\3flat", {"unchanged", "steady", "hold", "keep", "kept", "maintain", "freeze", "froze"}},
    {U"\3start", {"start", "begin", "began", "begun", "commence"}},
    {U"\1job",
     {"job", "staff", "worker", "employee", "workforce", "headcount", "role", "position"}},
    // Irregular plurals, which the stemmer leaves apart.
    {U"\1woman", {"woman", "women"}},
    {U"\1man", {"man", "men"}},
    {U"\1child", {"child", "children"}},
    {U"\1person", {"person", "people"}},
    {U"\1ceo", {"ceo", "boss"}},
    {U"\1report", {"post", "report", "log"}},
    {U"\1profit", {"profit", "earnings", "income"}},
    {U"\1loss", {"loss", "losses", "deficit"}},
    {U"\1win", {"win", "won", "victory", "prevail"}},
    {U"\1lose", {"lose", "lost", "defeat"}},
    {U"\1revenue", {"revenue", "sales", "turnover"}},
    {U"\1forecast", {"forecast", "estimate", "expectation", "outlook", "guidance", "projection"}},
    {U"\1beat", {"beat", "exceed", "surpass", "outperform"}},
    {U"\1miss", {"miss", "missed", "disappoint", "underperform"}},
    {U"\1warn", {"warn", "warning", "flag"}},
    {U"\1quarter", {"quarter", "quarterly"}},
    {U"\1annual", {"annual", "yearly", "fy"}},
    {U"\1output", {"output", "production"}},
    {U"\1plan", {"plan", "programme", "program", "scheme"}},
    {U"\1buyback", {"buyback", "repurchase"}},
    {U"\1invest", {"invest", "investment"}},
    {U"\1chip", {"chip", "semiconductor"}},
    {U"\1nm", {"nm", "nanometre", "nanometer"}},
    {U"\1ev", {"ev", "evs"}},
    {U"\1firm", {"firm", "company"}},
    {U"\1unit", {"unit", "division", "subsidiary"}},
    {U"\1regulator", {"regulator", "watchdog"}},
    {U"\1ad", {"ad", "ads", "advert", "advertisement", "advertising"}},
    {U"\1ipo", {"ipo", "listing", "debut", "flotation"}},
    {U"\1plant", {"plant", "factory", "factories", "facility", "facilities", "fab"}},
    {U"\3launch", {"launch", "unveil", "introduce", "release", "rollout", "enter", "entry"}},
    {U"\1die", {"die", "died", "dead", "death", "kill", "killing"}},
    {U"\1injure", {"injure", "injuries", "injury", "wound", "hurt"}},
    {U"\1shoot", {"shooting", "shoot", "shot", "gunman", "gunfire"}},
    {U"\3ban", {"ban", "bar", "barred", "block", "prohibit", "forbid"}},
    {U"\3approve", {"approve", "approval", "clear", "authorise", "authorize", "greenlight",
                     "endorse"}},
    {U"\3resign", {"resign", "resignation", "quit"}},
    {U"\3appoint", {"appoint", "appointment", "name", "hire", "nominate", "recruit"}},
    {U"\3sue", {"sue", "sued", "lawsuit"}},
    {U"\3probe", {"probe", "investigate", "investigation", "inquiry"}},
    {U"\3fine", {"fine", "penalty", "penalties", "penalise", "penalize"}},
    {U"\3order", {"order", "ordered", "rule", "ruling", "verdict"}},
    {U"\1talk", {"talk", "negotiation", "negotiate", "discussion"}},
    {U"\1deal", {"deal", "agreement", "agree", "pact"}},
    {U"\3resume", {"resume", "restart", "reopen"}},
    {U"\3deliver", {"deliver", "delivery", "deliveries", "ship", "shipment"}},
    {U"\4delay", {"delay", "postpone", "adjourn", "defer"}},
    {U"\4deny", {"deny", "denies", "reject", "refute", "dismiss"}},
    {U"\4appeal", {"appeal"}},
    {U"\3impose", {"impose", "declare", "enact"}},
    {U"\1court", {"court", "judge", "tribunal"}},
    {U"\4not",
     {"not", "never", "wont", "cant", "cannot", "dont", "doesnt", "didnt", "isnt", "arent",
      "wasnt", "werent", "wouldnt", "shouldnt", "couldnt", "withdraw", "withdrew",
      "withdrawal",
      "cancel", "cancellation", "abandon", "revoke", "rescind", "retract", "scrap", "reverse"}},
    {U"\4consider", {"consider", "weigh", "mull", "explore", "eye"}},
    {U"\4complete", {"complete", "completion", "finalise", "finalize", "finish"}},
    {U"\4trial", {"prototype"}},
    {U"\1spinoff", {"spinoff"}},
    {U"\5q1", {"q1", "1q"}},
    {U"\5q2", {"q2", "2q"}},
    {U"\5q3", {"q3", "3q"}},
    {U"\5q4", {"q4", "4q"}},
    {U"\1share", {"share", "stock"}},
    {U"\1billion", {"billion", "bn"}},
    {U"\1million", {"million", "mn", "mln"}},
    {U"\1percent", {"percent", "pct"}},
    {U"\2us", {"us", "usa", "america", "american"}},
    {U"\2uk", {"uk", "britain", "british"}},
    {U"\2india", {"india", "indian"}},
    {U"\2japan", {"japan", "japanese"}},
    {U"\2china", {"china", "chinese"}},
    {U"\2korea", {"korea", "korean"}},
    {U"\2taiwan", {"taiwan", "taiwanese"}},
    {U"\2indonesia", {"indonesia", "indonesian"}},
    {U"\2vietnam", {"vietnam", "vietnamese"}},
    {U"\2thailand", {"thailand", "thai"}},
    {U"\2malaysia", {"malaysia", "malaysian"}},
    {U"\2singapore", {"singapore", "singaporean"}},
    {U"\2philippines", {"philippines", "philippine", "filipino"}},
    {U"\2germany", {"germany", "german"}},
    {U"\2france", {"france", "french"}},
    {U"\2russia", {"russia", "russian"}},
    {U"\2australia", {"australia", "australian"}},
    {U"\2europe", {"europe", "european"}},
    {U"\2hungary", {"hungary", "hungarian"}},
    {U"\2spain", {"spain", "spanish"}},
    {U"\2mexico", {"mexico", "mexican"}},
    {U"\2brazil", {"brazil", "brazilian"}},
    {U"\2saudi", {"saudi"}},
    {U"\2canada", {"canada", "canadian"}},
    // Companies of the beat known by two names in one language ("Foxconn" / "Hon Hai").
    {U"\6foxconn", {"foxconn"}},
};

// The same classes in Chinese (simplified and traditional), Japanese and Korean: words
// of two to kMaxUnspacedWord characters found in an unspaced run, the longest first
// (a word of one character only as a run of its own).
const Class kUnspacedClasses[] = {
    {U"\3launch",
     {"发布", "發布", "推出", "发表", "發表", "亮相", "発売", "公開", "출시", "공개", "登陆", "登陸",
      "进军", "進軍", "진출"}},
    {U"\1beat", {"突破", "超过", "超過", "돌파", "超预期", "超預期", "上回", "상회"}},
    // Not 不及预期 or 低于预期: 及 and 于 are function characters, which split a run
    // before the lexicon reads it (text_features.cpp).
    {U"\1miss", {"不如预期", "不如預期", "未达预期", "未達預期", "下回", "하회"}},
    {U"\4deny", {"否认", "否認", "拒绝", "拒絕", "拒否", "거부"}},
    {U"\4appeal", {"上诉", "上訴", "控訴", "항소", "상고"}},
    {U"\1deal", {"同意", "协议", "協議"}},
    {U"\1spinoff", {"拆分", "分拆", "분사"}},
    {U"\5q1", {"一季"}},
    {U"\5q2", {"二季"}},
    {U"\5q3", {"三季"}},
    {U"\5q4", {"四季"}},
    {U"\1profit",
     {"利润", "利潤", "净利", "淨利", "盈利", "获利", "獲利", "利益", "순익", "이익", "黒字", "흑자"}},
    {U"\1loss", {"亏损", "虧損", "赤字", "損失", "손실", "적자"}},
    {U"\1win", {"胜诉", "勝訴", "승소"}},
    {U"\1lose", {"败诉", "敗訴", "패소"}},
    {U"\1revenue", {"营收", "營收", "收入", "売上", "매출"}},
    {U"\3up",
     {"增长", "增長", "上涨", "上漲", "上升", "增加", "攀升", "大增", "上昇", "増加", "上调",
      "上調", "提高", "値上", "涨价", "漲價", "상승", "증가", "급등", "급증", "인상", "増強",
      "扩大", "擴大", "拡大", "확대"}},
    {U"\3down",
     {"下降", "下跌", "下滑", "减少", "減少", "下调", "下調", "下落", "低下", "削減", "削减",
      "裁员", "裁員", "降价", "降價", "値下", "减产", "減產", "감소", "하락", "급락", "감원",
      "감축", "인하", "감산"}},
    {U"\3flat", {"维持", "維持", "冻结", "凍結", "동결"}},
    {U"\3start",
     {"开始", "開始", "启动", "啓動", "着手", "시작", "개시", "돌입", "开工", "開工", "动工", "動工",
      "着工", "착공"}},
    {U"\3halt",
     {"暂停", "暫停", "停止", "停产", "停產", "中断", "中斷", "中止", "终止", "終止", "关闭", "關閉",
      "閉鎖", "关停", "關停", "중단", "폐쇄"}},
    {U"\3resume", {"恢复", "恢復", "复工", "復工", "再開", "재개"}},
    {U"\4delay", {"延期", "延迟", "延遲", "推迟", "推遲", "延後"}},
    {U"\3acquire",
     {"收购", "收購", "并购", "併購", "買収", "购买", "購買", "出售", "売却", "인수", "매각"}},
    {U"\3ban", {"禁止", "禁令", "禁用", "금지"}},
    {U"\3approve", {"批准", "核准", "承認", "认可", "認可", "승인", "허가"}},
    {U"\3resign", {"辞职", "辭職", "辞任", "사임", "사퇴"}},
    {U"\3appoint", {"任命", "出任", "就任", "起用", "採用", "招聘", "선임", "임명", "채용"}},
    {U"\3sue", {"起诉", "起訴", "提告", "提訴", "소송", "고소"}},
    {U"\3probe", {"调查", "調查", "調査", "조사", "수사"}},
    {U"\3fine", {"罚款", "罰款", "罰金", "벌금", "과징"}},
    {U"\3order", {"命令", "勒令", "裁定", "判决", "判決", "판결", "명령"}},
    {U"\3deliver", {"交付", "交车", "交車", "出货", "出貨", "出荷", "납품"}},
    {U"\4not",
     {"取消", "撤回", "撤销", "撤銷", "放弃", "放棄", "不会", "不會", "不再", "断念", "見送",
      "白紙", "撤退", "退出", "철회", "취소", "무산", "백지", "포기", "철수", "않는", "않기",
      "않아", "않을", "않겠", "않다", "안"}},
    {U"\4consider", {"考虑", "考慮", "検討", "검토", "추진"}},
    {U"\4complete", {"完成", "完了", "竣工", "落成", "완료", "준공", "완공"}},
    // Countries, in the English classes' names: each is a name, so two headlines
    // that differ in the country alone conflict ("鴻海將在印度擴產" / "越南").
    {U"\2us", {"美国", "美國", "米国", "미국", "アメリカ"}},
    {U"\2uk", {"英国", "英國", "イギリス", "영국"}},
    {U"\2india", {"印度", "インド", "인도"}},
    {U"\2japan", {"日本", "일본"}},
    {U"\2china", {"中国", "中國", "중국"}},
    {U"\2korea", {"韩国", "韓國", "韓国", "한국"}},
    {U"\2taiwan", {"台湾", "台灣", "臺灣", "대만"}},
    {U"\2indonesia", {"印尼", "印度尼西亚", "印度尼西亞", "インドネシア", "인도네시아"}},
    {U"\2vietnam", {"越南", "ベトナム", "베트남"}},
    {U"\2thailand", {"泰国", "泰國", "태국"}},
    {U"\2malaysia", {"马来西亚", "馬來西亞", "マレーシア", "말레이시아"}},
    {U"\2singapore", {"新加坡", "シンガポール", "싱가포르"}},
    {U"\2philippines", {"菲律宾", "菲律賓", "フィリピン", "필리핀"}},
    {U"\2germany", {"德国", "德國", "ドイツ", "독일"}},
    {U"\2france", {"法国", "法國", "フランス", "프랑스"}},
    {U"\2russia", {"俄罗斯", "俄羅斯", "ロシア", "러시아"}},
    {U"\2australia", {"澳大利亚", "澳大利亞", "澳洲", "호주"}},
    {U"\2europe", {"欧洲", "歐洲", "欧州", "유럽"}},
    {U"\2hungary", {"匈牙利", "ハンガリー", "헝가리"}},
    {U"\2spain", {"西班牙", "スペイン", "스페인"}},
    {U"\2mexico", {"墨西哥", "メキシコ", "멕시코"}},
    {U"\2brazil", {"巴西", "ブラジル", "브라질"}},
    {U"\2saudi", {"沙特", "サウジ", "사우디"}},
    {U"\2canada", {"加拿大", "カナダ", "캐나다"}},
    // Companies known by two names, or a name and its short form, in one language:
    // each is a name, and like a country it does not cut the run (its characters keep
    // their bigrams). Not cross-language aliases: pairs in two languages are out of
    // scope, and a company's name in another script gains nothing here.
    {U"\6foxconn", {"鸿海", "鴻海", "富士康"}},
    {U"\6tsmc", {"台积电", "台積電", "台积", "台積"}},
    {U"\6mediatek", {"联发科", "聯發科"}},
    {U"\6smic", {"中芯国际", "中芯國際", "中芯"}},
    {U"\6hyundaimotor", {"현대차", "현대자동차"}},
    {U"\6lges", {"엔솔", "에너지솔루션"}},
    {U"\6fastretailing", {"ファストリ", "ファーストリテイリング"}},
};

struct Phrase {
  std::initializer_list<std::string_view> first;
  std::string_view second;
  std::u32string_view name;
  bool keep_second = false;  // the second word keeps its own feature too
};

const Phrase kPhrases[] = {
    {{"lay", "laid"}, "off", U"\3down"},      {{"step", "stepped"}, "down", U"\3resign"},
    {{"chief"}, "executive", U"\1ceo"},       {{"go", "going", "goes", "went"}, "public", U"\1ipo"},
    {{"roll", "rolled"}, "out", U"\3launch"}, {{"open", "opened"}, "fire", U"\1shoot"},
    {{"per"}, "cent", U"\1percent"},          {{"united"}, "states", U"\2us"},
    {{"push", "pushed"}, "back", U"\4delay"}, {{"call", "called"}, "off", U"\4not"},
    {{"back", "backed"}, "out", U"\4not"},    {{"pull", "pulled"}, "out", U"\4not"},
    {{"electric"}, "vehicle", U"\1ev"},       {{"electric"}, "car", U"\1ev"},
    {{"lift", "lifted"}, "ban", U"\4not"},    {{"end", "ended"}, "ban", U"\4not"},
    {{"lift", "lifted"}, "block", U"\4not"},  {{"lift", "lifted"}, "curb", U"\4not"},
    {{"lift", "lifted"}, "restriction", U"\4not"},
    {{"lift", "lifted"}, "sanction", U"\4not"},
    {{"lift", "lifted"}, "embargo", U"\4not"},
    {{"lift", "lifted"}, "martial", U"\4not"},
    {{"hon"}, "hai", U"\6foxconn"},
    {{"green"}, "light", U"\3approve"},
    {{"take", "took", "taken"}, "over", U"\3acquire"},
    {{"scale", "scaled"}, "back", U"\3down"},
    {{"spin", "spun"}, "off", U"\1spinoff"},
    {{"fall", "fell", "falls"}, "short", U"\1miss"},
    {{"full"}, "year", U"\1annual"},
    {{"public"}, "offering", U"\1ipo"},
    {{"drop", "dropped", "drops", "dropping"}, "plan", U"\4not", true},
    // "third quarter" is Q3 and still a quarter ("quarterly").
    {{"first"}, "quarter", U"\5q1", true},
    {{"second"}, "quarter", U"\5q2", true},
    {{"third"}, "quarter", U"\5q3", true},
    {{"fourth"}, "quarter", U"\5q4", true},
    // A trial or pilot run of something, not a court's trial or an airline's pilot:
    // "trial production" is a trial and still production.
    {{"trial", "pilot"}, "production", U"\4trial", true},
    {{"trial", "pilot"}, "output", U"\4trial", true},
    {{"trial", "pilot"}, "run", U"\4trial", true},
    {{"trial", "pilot"}, "operation", U"\4trial", true},
    {{"trial", "pilot"}, "service", U"\4trial", true},
    {{"pilot"}, "plant", U"\4trial", true},
    {{"pilot"}, "project", U"\4trial", true},
    {{"pilot"}, "program", U"\4trial", true},
    {{"pilot"}, "programme", U"\4trial", true},
    {{"pilot"}, "scheme", U"\4trial", true},
    {{"united"}, "kingdom", U"\2uk"},         {{"south"}, "korea", U"\2korea"},
    {{"north"}, "korea", U"\2north korea"},
};

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// A word being stemmed: ASCII letters in a fixed buffer (no allocation).
class Stem {
 public:
  // False when the word is not stemmed: fewer than 4 letters, longer than the
  // buffer, or not all ASCII letters. Whatever it returns, hash_sequence(word) goes
  // into `surface`, in the same pass over the word.
  bool load(std::u32string_view word, std::uint64_t& surface) {
    const bool fits = word.size() >= 4 && word.size() <= kMax;
    bool letters = fits;
    std::uint64_t hash = kFnvOffset;
    for (std::size_t i = 0; i < word.size(); ++i) {
      const char32_t c = word[i];
      hash = (hash ^ std::uint64_t{c}) * kFnvPrime;
      letters = letters && c >= 'a' && c <= 'z';
      if (fits) letters_[i] = static_cast<char>(c);
    }
    surface = mix64(hash);
    size_ = word.size();
    return letters;
  }

  std::size_t size() const { return size_; }

  std::string_view view() const { return {letters_.data(), size_}; }

  // True when apply() changed a letter without shortening the word (a respelling).
  bool respelled() const { return respelled_; }

  // The light Porter-like stemmer (lexicon.hpp), after British spellings take their
  // American form.
  void apply() {
    respell();
    if (ends_with("ies") && size_ > 4) {
      size_ -= 2;
      letters_[size_ - 1] = 'y';
    } else if (ends_with("sses")) {
      size_ -= 2;
    } else if (!ends_with("ss") && !ends_with("us") && !ends_with("is")) {
      strip("s", 3);
    }
    if (ends_with("eed") && size_ > 4) --size_;  // "agreed" -> "agree", like "agrees"
    const bool suffixed = strip("ing", 3) || (!ends_with("ee") && strip("ed", 3));
    const char last = letters_[size_ - 1];
    if (suffixed && size_ >= 4 && last == letters_[size_ - 2] && !is_vowel(last) && last != 'l' &&
        last != 's' && last != 'z') {
      --size_;  // "stopped" -> "stopp" -> "stop"
    }
    if (size_ >= 4 && letters_[size_ - 1] == 'e') --size_;
  }

 private:
  static constexpr std::size_t kMax = 32;

  bool ends_with(std::string_view suffix) const { return view().ends_with(suffix); }

  // British spellings as American ones, so that outlets of either kind agree:
  // "centre(s)" -> "center(s)", "labour" -> "labor" (a stem of three letters or more
  // before "our", with "s", "ed", "ing" or "able" after it), and "-ise" -> "-ize" after
  // the endings that make verbs of it ("penalise", "organisation", "finalised",
  // "analyse"), not "promise", "rise" or "exercise".
  void respell() {
    // By the last letter, so that most words cost one switch.
    switch (letters_[size_ - 1]) {
      case 'e':
        if (ends_with("tre")) return tre_to_ter(3);
        if (ends_with("ourable")) return our_to_or(4);
        return ise_to_ize("e");
      case 's':
        if (ends_with("tres")) return tre_to_ter(4);
        if (ends_with("ours")) return our_to_or(1);
        if (ends_with("ations")) return ise_to_ize("ations");
        return ends_with("ers") ? ise_to_ize("ers") : ise_to_ize("es");
      case 'd':
        return ends_with("oured") ? our_to_or(2) : ise_to_ize("ed");
      case 'g':
        return ends_with("ouring") ? our_to_or(3) : ise_to_ize("ing");
      case 'r':
        return ends_with("our") ? our_to_or(0) : ise_to_ize("er");
      case 'n':
        return ise_to_ize("ation");
      default:
        return;
    }
  }

  // "centre(s)" -> "center(s)"; `tail` letters from the "t" to the end.
  void tre_to_ter(std::size_t tail) {
    if (size_ < tail + 2) return;
    const std::size_t t = size_ - tail;
    letters_[t + 1] = 'e';
    letters_[t + 2] = 'r';
    respelled_ = true;
  }

  // "labour(s|ed|ing|able)" -> "labor...": `after` letters follow "our", and at
  // least three letters come before it (not "hour", "flour").
  void our_to_or(std::size_t after) {
    if (size_ < after + 6) return;
    const std::size_t our = size_ - after - 3;
    std::copy(letters_.begin() + static_cast<std::ptrdiff_t>(our + 2),
              letters_.begin() + static_cast<std::ptrdiff_t>(size_),
              letters_.begin() + static_cast<std::ptrdiff_t>(our + 1));
    --size_;
    respelled_ = true;
  }

  // "...is" + `after` ("e", "ed", "es", "ing", "er", "ers", "ation", "ations") ->
  // "...iz...", after the endings that make verbs of -ise ("penalise",
  // "organisation", "analyse"), not "promise", "rise" or "exercise".
  void ise_to_ize(std::string_view after) {
    static constexpr std::string_view kVerbEndings[] = {
        "al", "an", "ar", "at", "er", "gn", "ic", "id", "il", "im", "it", "ly", "og", "or"};
    if (size_ < after.size() + 5) return;
    const std::size_t s = size_ - after.size() - 1;  // the "s" of "is" / "ys"
    if (letters_[s] != 's' || (letters_[s - 1] != 'i' && letters_[s - 1] != 'y') ||
        !ends_with(after)) {
      return;
    }
    const std::string_view before = view().substr(s - 3, 2);
    if (std::find(std::begin(kVerbEndings), std::end(kVerbEndings), before) ==
        std::end(kVerbEndings)) {
      return;
    }
    letters_[s] = 'z';
    respelled_ = true;
  }

  // Removes `suffix` when at least `keep` letters, one a vowel or y, remain.
  bool strip(std::string_view suffix, std::size_t keep) {
    if (!ends_with(suffix) || size_ < suffix.size() + keep) return false;
    const std::size_t rest = size_ - suffix.size();
    for (std::size_t i = 0; i < rest; ++i) {
      if (is_vowel(letters_[i]) || letters_[i] == 'y') {
        size_ = rest;
        return true;
      }
    }
    return false;
  }

  std::array<char, kMax> letters_{};
  std::size_t size_ = 0;
  bool respelled_ = false;
};

// hash_sequence(word), and the hash of the word's stem (of the word itself when it
// is not stemmed): one pass over the word for both when the stemmer leaves it whole,
// as it does most words.
struct WordHashes {
  std::uint64_t surface = 0;
  std::uint64_t stem = 0;
};

WordHashes word_hashes(std::u32string_view word) {
  Stem stem;
  WordHashes hashes;
  if (!stem.load(word, hashes.surface)) {
    hashes.stem = hashes.surface;
    return hashes;
  }
  stem.apply();
  // apply() shortens a word (and then may change its last letter) or respells it.
  hashes.stem = stem.size() == word.size() && !stem.respelled() ? hashes.surface
                                                                 : hash_sequence(stem.view());
  return hashes;
}

std::uint64_t stem_hash(std::u32string_view word) { return word_hashes(word).stem; }

std::uint64_t stem_hash(std::string_view word) {
  const std::u32string wide(word.begin(), word.end());
  return stem_hash(std::u32string_view(wide));
}

// The 32-bit feature text_features makes of a (non-number) hash.
std::uint32_t feature_of(std::uint64_t hash) {
  return static_cast<std::uint32_t>(hash >> 32) & ~1u;
}

std::uint64_t phrase_key(std::uint64_t first, std::uint64_t second) {
  return mix64(first * 0x9E3779B97F4A7C15ULL ^ second);
}

// Open addressing from a 64-bit key to a value; a few hundred entries, in L1.
class Table {
 public:
  void put(std::uint64_t key, std::uint64_t value) {
    std::size_t cell = key & (kSize - 1);
    while (keys_[cell] != 0 && keys_[cell] != key) cell = (cell + 1) & (kSize - 1);
    keys_[cell] = key;
    values_[cell] = value;
  }
  // The value, or `missing`.
  std::uint64_t get(std::uint64_t key, std::uint64_t missing) const {
    for (std::size_t cell = key & (kSize - 1); keys_[cell] != 0; cell = (cell + 1) & (kSize - 1)) {
      if (keys_[cell] == key) return values_[cell];
    }
    return missing;
  }

 private:
  static constexpr std::size_t kSize = 2048;
  std::array<std::uint64_t, kSize> keys_{};
  std::array<std::uint64_t, kSize> values_{};
};

// A set of 32-bit features, sorted, behind a bit per (feature >> 8) % 4096: most
// features are in none of the sets, and compare() asks for every title feature of
// both items.
class FeatureSet {
 public:
  void add(std::uint32_t feature) { features_.push_back(feature); }

  // After the last add().
  void seal() {
    std::sort(features_.begin(), features_.end());
    features_.erase(std::unique(features_.begin(), features_.end()), features_.end());
    for (const std::uint32_t feature : features_) {
      bits_[bit(feature) / 64] |= std::uint64_t{1} << (bit(feature) % 64);
    }
  }

  bool contains(std::uint32_t feature) const {
    return (bits_[bit(feature) / 64] >> (bit(feature) % 64) & 1) != 0 &&
           std::binary_search(features_.begin(), features_.end(), feature);
  }

 private:
  static std::size_t bit(std::uint32_t feature) { return (feature >> 8) & 4095; }

  std::vector<std::uint32_t> features_;
  std::array<std::uint64_t, 64> bits_{};
};

struct Tables {
  Table stop;                          // surface hash -> 1
  Table synonym;                       // stem hash -> class hash
  Table phrase;                        // phrase_key(stem hashes) -> class hash
  Table keep_second;                   // phrase_key(stem hashes) -> 1 (Phrase::keep_second)
  Table verb_or_noun;                  // class hash -> 1 for the classes that are not places
  Table number;                        // class hash -> 1 for the classes of numbers
  Table unspaced;                      // unspaced_key() -> class hash
  std::uint32_t unspaced_lengths = 0;  // bit n: some unspaced word has n characters
  std::array<std::uint64_t, 64> unspaced_first{};  // bit c % 4096: a word starts with c
  FeatureSet actions;    // the features of action classes (markers among them)
  FeatureSet markers;    // of marker classes
  FeatureSet countries;  // of the country classes

  // A bit per stem % 64 of each phrase's first and second words: most pairs of words
  // are no phrase, and join_phrase() runs for every word.
  std::uint64_t first_bits = 0, second_bits = 0;

  bool may_join(std::uint64_t first_stem, std::uint64_t second_stem) const {
    return (first_bits >> (first_stem % 64) & 1) != 0 && (second_bits >> (second_stem % 64) & 1) != 0;
  }

  // What a word of the class `target` (a class hash) stands for.
  Lexeme lexeme_of_class(std::uint64_t target, std::uint64_t stem) const {
    return {target, stem, verb_or_noun.get(target, 0) != 0, number.get(target, 0) != 0};
  }

  // The class's hash; records what kind of class it is.
  std::uint64_t add_class(std::u32string_view name) {
    const std::uint64_t target = hash_sequence(name);
    if (name[0] != U'\2' && name[0] != U'\6') verb_or_noun.put(target, 1);
    if (name[0] == U'\3' || name[0] == U'\4') actions.add(feature_of(target));
    if (name[0] == U'\4') markers.add(feature_of(target));
    if (name[0] == U'\2') countries.add(feature_of(target));
    if (name[0] == U'\5') number.put(target, 1);
    return target;
  }

  Tables() {
    for (const std::string_view stop_word : kStopWords) stop.put(hash_sequence(stop_word), 1);
    for (const Class& group : kClasses) {
      const std::uint64_t target = add_class(group.name);
      for (const std::string_view surface : group.words) synonym.put(stem_hash(surface), target);
    }
    for (const Class& group : kUnspacedClasses) {
      const std::uint64_t target = add_class(group.name);
      for (const std::string_view word : group.words) {
        const std::u32string wide = decode_utf8(word);
        unspaced.put(unspaced_key(wide), target);
        unspaced_lengths |= 1u << wide.size();
        unspaced_first[wide[0] % 4096 / 64] |= std::uint64_t{1} << (wide[0] % 64);
      }
    }
    for (const Phrase& phrase_entry : kPhrases) {
      const std::uint64_t second = stem_hash(phrase_entry.second);
      const std::uint64_t target = add_class(phrase_entry.name);
      second_bits |= std::uint64_t{1} << (second % 64);
      for (const std::string_view first : phrase_entry.first) {
        const std::uint64_t first_stem = stem_hash(first);
        const std::uint64_t key = phrase_key(first_stem, second);
        phrase.put(key, target);
        if (phrase_entry.keep_second) keep_second.put(key, 1);
        first_bits |= std::uint64_t{1} << (first_stem % 64);
      }
    }
    for (FeatureSet* set : {&actions, &markers, &countries}) set->seal();
  }
};

// Out of line, so that tables() is a guard check its callers inline.
[[gnu::noinline]] const Tables& build_tables() {
  static const Tables instance;
  return instance;
}

const Tables& tables() {
  static const Tables& instance = build_tables();
  return instance;
}

}  // namespace

Lexeme lexeme_of(std::u32string_view word) {
  // News repeats its words (a Zipf vocabulary): a thread keeps the lexemes of the
  // words it read last, by the word's hash, and spares them the stemmer and the
  // tables. The lexeme is a function of the word alone, so a hit is exact unless two
  // words share a 64-bit hash.
  struct Cached {
    std::uint64_t surface = 0;
    Lexeme lexeme;
  };
  constexpr std::size_t kCacheSize = 2048;
  thread_local std::array<Cached, kCacheSize> cache{};
  const std::uint64_t surface = hash_sequence(word);
  Cached& cell = cache[surface % kCacheSize];
  if (cell.surface == surface) return cell.lexeme;
  const Tables& t = tables();
  const WordHashes hashes = word_hashes(word);
  Lexeme lexeme{0, hashes.stem};
  if (word.size() > 7 || t.stop.get(hashes.surface, 0) == 0) {
    const std::uint64_t target = t.synonym.get(lexeme.stem, 0);
    lexeme = target == 0 ? Lexeme{lexeme.stem, lexeme.stem} : t.lexeme_of_class(target, lexeme.stem);
  }
  cell = {surface, lexeme};
  return lexeme;
}

Lexeme join_phrase(std::uint64_t first_stem, std::uint64_t second_stem) {
  const Tables& t = tables();
  if (!t.may_join(first_stem, second_stem)) return {};
  const std::uint64_t key = phrase_key(first_stem, second_stem);
  const std::uint64_t target = t.phrase.get(key, 0);
  if (target == 0) return {};
  Lexeme lexeme = t.lexeme_of_class(target, 0);
  lexeme.keep_second = t.keep_second.get(key, 0) != 0;
  return lexeme;
}

bool may_start_unspaced_word(char32_t c) {
  return (tables().unspaced_first[c % 4096 / 64] >> (c % 64) & 1) != 0;
}

Lexeme unspaced_lexeme(std::u32string_view word) {
  const Tables& t = tables();
  if (word.size() > kMaxUnspacedWord || (t.unspaced_lengths >> word.size() & 1) == 0) return {};
  const std::uint64_t target = t.unspaced.get(unspaced_key(word), 0);
  return target != 0 ? t.lexeme_of_class(target, 0) : Lexeme{};
}

bool is_marker(std::uint32_t feature) { return tables().markers.contains(feature); }

bool is_country(std::uint32_t feature) { return tables().countries.contains(feature); }

std::span<const std::pair<std::uint32_t, std::uint32_t>> opposed_classes() {
  const auto feature = [](std::u32string_view name) { return feature_of(hash_sequence(name)); };
  // Not up and down: two titles with opposite actions are a conflict already
  // (story_signature.hpp's PairReading).
  static const std::array<std::pair<std::uint32_t, std::uint32_t>, 3> pairs = {{
      {feature(U"\1profit"), feature(U"\1loss")},
      {feature(U"\1win"), feature(U"\1lose")},
      {feature(U"\1beat"), feature(U"\1miss")},
  }};
  return pairs;
}

bool is_action(std::uint32_t feature) { return tables().actions.contains(feature); }

}  // namespace monsoon::store::detail
