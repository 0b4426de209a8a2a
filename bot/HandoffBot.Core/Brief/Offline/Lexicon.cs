using System.Text.RegularExpressions;

namespace HandoffBot.Core.Brief.Offline;

/// <summary>
/// The cue phrases and word lists of the offline extractor, one regex each (source-generated, so a
/// one-hour transcript is read in milliseconds). Matched against a sentence with typographic
/// apostrophes folded to "'".
/// </summary>
internal static partial class Lexicon
{
    private const RegexOptions I = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    // The automata engine: linear in the text however many alternatives a list has (a one-hour call
    // in milliseconds). Patterns with lookarounds, which it does not support, keep the default engine.
    private const RegexOptions N = I | RegexOptions.NonBacktracking;

    // ---- shared: hedges, negations, questions, resolution ----

    /// <summary>Hypotheticals and non-committal phrasing: "if you signed by Friday we could maybe", "in theory", "let me check".</summary>
    [GeneratedRegex(@"\b(?:if (?:you|we) (?:ever|wanted|signed|sign|decide|decided|were to)|hypothetically|in theory|would you|could you|might be able|we could (?:maybe|possibly|look|do|move|also)|\bmaybe\b|possibly|would consider|(?:I|we)'d need to check|need to check with|not sure (?:if|whether)|let me (?:check|see|ask)|get back to you|we'll see|(?:we|I)(?:'ll| will) (?:look into|evaluate|consider(?! it| this| that)|think about|explore)|said we would evaluate|just let me know|would it be possible)", I)]
    public static partial Regex Hedge();

    /// <summary>Negated promises: "I can't commit to", "we won't be able to", "we did NOT commit".</summary>
    [GeneratedRegex(@"\b(?:can't|cannot|can not|won't|will not|unable to|not able to|over-promise|no promises|not (?:going to|committing)|did not commit|didn't commit|not commit|no commitment|never agreed|not (?:in|part of) (?:scope|what you bought)|isn't part of|don't (?:need|want)|not interested|we do not|we don't)\b", N)]
    public static partial Regex Negation();

    /// <summary>A risk that is over: "not a concern anymore", "off the table", "fully signed yesterday", "out of the picture".</summary>
    [GeneratedRegex(@"\b(?:not (?:a|an) (?:issue|concern|problem|worry|risk)|(?:no longer|isn't|is not|not) (?:a |an )?(?:issue|concern|problem|worry)|not worried (?:about that )?anymore|(?:then )?I'm not worried|off the table|that's (?:done|closed|sorted|resolved|settled|fine)|so that's (?:done|closed)|already (?:cleared|tested|approved|signed)|fully signed|(?:was|were) dismissed|resolved|out of the picture|after all|is plenty|that works|budget is (?:fine|not a problem)|(?:happy|satisfied|glad) with (?:the|our|that) (?:decision|choice))", N)]
    public static partial Regex Resolution();

    // ---- commitments ----

    /// <summary>First-person promises with the verb that follows: "we will", "I'll personally", "we can provide", "we guarantee".</summary>
    [GeneratedRegex(@"\b(?:(?:told (?:them|him|her)|said|confirmed) (?:that )?we(?:'d| would)\s+|(?:we|I)\s*(?:will|'ll|shall|are going to|'re going to|am going to|'m going to|can|guarantee|commit to|promise to)\s+)(?:also\s+|personally\s+|then\s+|still\s+|now\s+|definitely\s+)?(?<verb>[a-z]+)", I)]
    public static partial Regex FirstPersonPromise();

    /// <summary>Reported promises (notes, or "as agreed"): "committed to", "promised", "agreed to provide", "offered".</summary>
    [GeneratedRegex(@"\b(?:(?:we|I|(?-i:\p{Lu}[a-z]+))(?: also)? (?:committed to|commit to|promised|agreed to (?!the\b|a\b|an\b|this\b)|offered|pledged)|we guarantee|you'll (?:get|have|receive)|you will (?:get|have|receive)|we(?:'ll| will) make sure|I(?:'ll| will) make sure)", I)]
    public static partial Regex ReportedPromise();

    /// <summary>What a promise delivers (a verb of doing for the customer), as opposed to "we'll see" or "I'll be blunt".</summary>
    [GeneratedRegex(@"^(?:have|get|deliver|provide|build|ship|supply|set|run|assign|install|migrate|import|integrate|train|give|include|dedicate|host|handle|configure|port|map|do|offer|extend|schedule|add|make|send|hold|honou?r|support|put|keep|create|fix|deploy|connect|onboard|staff|guarantee|stay|finish|complete|bring|launch|move|pair|document|prepare|validate|tune|stand|fund|credit|refund|reserve|hand|book|lead|personally|brief|visit|review|report|monitor|cover|fly|join|waive)$", N)]
    public static partial Regex DeliveryVerb();

    /// <summary>Routine sales follow-ups, not commitments of the deal: sending a deck, a recap, an invite; checking with someone.</summary>
    [GeneratedRegex(@"\b(?:send|share|forward|email)\s+(?:you\s+|over\s+|them\s+)*(?:the\s+|my\s+|a\s+|our\s+)?(?:recap|slides?|deck|notes|recording|summary|agenda|invite|calendar|link|order form|contract|proposal|quote|questionnaire|security questionnaire|executive summary|onboarding schedule|kickoff deck|intro email|welcome pack|follow-up|details|(?:onboarding |project |kickoff )?plan|materials|info(?:rmation)?|timeline|kickoff invite|notes)|\bhand (?:you|it|this) (?:over )?to\b|\bfollow up\b|\bcircle back\b|\bget back to you\b|\bcheck with\b|\bloop (?:you |them )?in\b|\b(?:set up|schedule|book) (?:a|the) (?:call|meeting|kickoff)\b|\bsend (?:that|it|them|this) (?:over|across)\b|\bsend over\b", N)]
    public static partial Regex Trivial();

    // ---- goals and success criteria ----

    /// <summary>Goal statements: "our goal is", "what we're trying to achieve is", "we want to cut", "they want to".</summary>
    [GeneratedRegex(@"\b(?:(?:our|the|their|my) (?:main |primary |top |big(?:gest)? |key |overall |real |only )?(?:goal|objective|aim|priority|focus)(?: for [a-z ]{1,20})? (?:is|was|here is)|goal(?: for [a-z0-9 ]{1,20})?:|objective:|what (?:we're|we are|they're|they are) (?:after|trying to (?:achieve|do)|looking for)|what (?:we|they) (?:want|need)(?: out of this)?(?: is|:)|the thing (?:we|they) need most|(?:we're|we are|they're|they are) trying to|the reason (?:we're|we are) doing this is|what (?:we're|we are|they're|they are) hoping (?:for|to)|(?:we|they) bought (?:this|it) to|the (?:point|purpose) of (?:this|the) (?:purchase|project|rollout) is|the reason (?:we|they) bought|we(?: really| just| also)?(?: want| need| hope| aim|'d like| would like| are hoping| 're hoping) (?:(?!you\b)\w+ ){0,2}to (?!keep|check|make sure you|be clear|flag)|(?:they|the (?-i:[a-z]+)|(?-i:\p{Lu}[a-z]+)) (?:also )?(?:wants?|needs?|hopes?|aims?) (?:(?!you\b)\w+ ){0,2}to\b|(?:they|we) (?:also )?want every\b|^(?:also )?(?:want|wants|need|needs) (?:\w+ ){0,2}to\b)", I)]
    public static partial Regex GoalCue();

    /// <summary>Verb-first objective lines in a goals section: "Reduce chronic absenteeism…", "Give principals…".</summary>
    [GeneratedRegex(@"^(?:reduce|cut|lower|lift|increase|improve|raise|grow|stop|eliminate|replace|consolidate|automate|move|bring|get|give|free up|speed up|find|detect|standardi[sz]e|centrali[sz]e|make|use|answer|enable|track|scale|launch|streamline|modernize|digiti[sz]e)\b", N)]
    public static partial Regex ImperativeGoal();

    /// <summary>Success phrasing: "success for us is", "we'll call this a success if", "that's a clear win", "has paid off".</summary>
    [GeneratedRegex(@"\b(?:success|successful|a win\b|the win\b|clear win|we(?:'ll| will) (?:know|measure|call|consider)|we'd (?:consider|call)|(?:I'll|we'll) consider it|will renew|paid (?:for )?(?:itself|it) off|has paid off|paid for itself|pays? for itself|kpi|metric|target:|measure(?:d|s)?\b|we'll expand|I'll roll it out|judge (?:it|this|success) by|judged by|call (?:it|that|this) a (?:success|win)|expects? (?:\S+ ){0,6}to (?:drop|fall|go|reach|hit|climb|rise|grow|improve))", N)]
    public static partial Regex SuccessCue();

    /// <summary>A measurable target: a number with a unit, a fraction of change, a threshold.</summary>
    [GeneratedRegex(@"(?:\d+(?:\.\d+)?\s*(?:%|percent|x\b|points?\b|minutes?\b|hours?\b|days?\b|ms\b|milliseconds?\b|seconds?\b)|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|twenty-five|thirty|forty|forty-eight|fifty|sixty|sixty-two|seventy|seventy-two|seventy-five|eighty|ninety)(?:[- ](?:percent|points?|minutes?|hours?|days?|seconds?|milliseconds?))\b|\bby (?:half|a third|a quarter)\b|\bpoint (?:one|two|three|four|five|six|seven|eight|nine)\b|\bzero \w+|\bfewer than \d+|\bunder (?:an? |\d)|\b(?:below|under|above|over|less than|more than|at least|to|reach(?:es)?)\s+(?:\d[\d,.]*|(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-\w+)?(?: hundred| thousand)?)\b|\b(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|five|six|seven|eight|nine)(?: percent|%)|\bfrom [\w.%-]+ (?:percent )?(?:down )?to [\w.%-]+|\bwithin (?:ten|five|\d+) percent)", N)]
    public static partial Regex Metric();

    /// <summary>Numbers that are prices or contract terms, not outcomes: "20% discount", "99.9% uptime", "capped at 5%".</summary>
    [GeneratedRegex(@"\b(?:discount|off list|% off|percent off|uptime|availability|capped|cap of|price|pricing|net \d+|SLA|response time|response for|notice|liability)\b", I)]
    public static partial Regex CommercialNumber();

    // ---- risks ----

    /// <summary>Something is wrong or might go wrong.</summary>
    [GeneratedRegex(@"\b(?:worr(?:y|ied|ies)|concern(?:ed|s)?|risk(?:y|s)?|nervous|wary|skeptical|afraid|problem|issue|blocker|blocked|headache|tight(?:er)?|slip(?:s|ped)?|delay|stall|drag|pushback|challenge|could (?:slip|stall|delay|drag|kill|block|collide|pull|cut|switch|become|make)|might (?:not|pause|push|switch|collide|need|delay|go)|may (?:not|need|just)|heads-up|flag|watch out|red flag|gap in|not (?:budgeted|approved|priced|convinced|signed|seen|been named)|hasn't been|haven't (?:seen|been)|still (?:talking|comparing|reviewing|finalizing|has|open|waiting|used|using|in the deal)|depends on|can't (?:afford|go live|have|give|roll out|go through)|cannot|no reliable|doesn't have|don't (?:yet )?know|unclear|pull the plug|churn|cut (?:it|in half)|lose (?:the|momentum)|losing momentum|kills?|never agreed|did not buy|not (?:in|part of) (?:scope|what you bought)|correct(?:ed)? early|reset that expectation|price-sensitive|cheaper|lower than yours|fallback|switch back|consolidates? on|inaccessible|patchy|drops? out|gaps|stretched|slow(?:ly)?|cautious|only (?:for|exposes)|will flag|must stay|must be confirmed|has to (?:sit|go|come|be validated)|isn't|not very|(?:have not|haven't|never) (?:\w+ )?(?:integrated|tested|done|worked)|hasn't (?:signed|approved|agreed)|can't leave|prefers? (?:it|them)|keep options open|(?:could )?take longer|pitched|could (?:clash|mean|slow|hurt|derail|be a)|might (?:look|not|lose|drop)|won't (?:change|adopt|use)|refus\w+|resist\w*|push(?:ed)? back|flaky|unreliable|interviewing|if (?:he|she|they) leaves?|cost-conscious|(?:wasn't|isn't|not) (?:fully )?convinced|rework|wants? to review|(?:is|are) the risk|the other risk|may require|we don't have|persistent|hinted|being replaced|can take|take(?:s)? (?:two|three|months|weeks))\b", N)]
    public static partial Regex Concern();

    [GeneratedRegex(@"\b(?:budget|funding|funded|grant|capex|opex|roi|costs?|cost-conscious|price-sensitive|price increase|spend(?:ing)?|money|renew(?:al)?|not renew|churn|cutting costs|cut (?:it|in half)|savings|pull the plug|fiscal|cheaper)\b", N)]
    public static partial Regex BudgetWords();

    [GeneratedRegex(@"\b(?:timeline|timing|deadline|freeze|peak season|high season|holiday|shutdown|wet season|season|slip(?:s|ped)?|delay|late|by (?:then|mid-\w+)|weeks|months|inspection|audit is in|go-live|launch(?:es|ing)?|summer|winter|december|slow(?:ly)? down|could slip|stall|drags?|before the freeze|inaccessible|upgrade planned|rollout|clash|launch|slow the)\b", N)]
    public static partial Regex TimelineWords();

    [GeneratedRegex(@"\b(?:competitor|other vendor|still (?:talking to|comparing|evaluating)|lower than yours|cheaper|switch back|switch(?:ing)? to|consolidat\w+ on|fallback|offered us|pitched|compar(?:ing|ed) (?:us )?against|match (?:your|the|our) price|reached out|one vendor|single vendor|still used by)\b", N)]
    public static partial Regex CompetitorWords();

    [GeneratedRegex(@"\b(?:leaving|left the company|parental leave|maternity leave|on leave|moving to a new role|new role|resign\w*|retir\w+|replacement|new (?:CIO|CEO|CTO|CFO|COO|VP|boss|director|head|manager)|reorg|re-org|gap in sponsorship|losing momentum|pause this|takes over|successor|interviewing\w*|if (?:he|she) leaves|wasn't part of the evaluation|was not part of the evaluation)\b", N)]
    public static partial Regex ChampionChangeWords();

    [GeneratedRegex(@"\b(?:integrations?|api|apis|interface|hl7|sso|legacy|mainframe|on-prem|customi[sz]ed|custom (?:fields|objects)|data (?:quality|format|gaps)|connectivity|network|firewall|offline|signal|coverage|compatib\w+|versions?|field mapping|page speed|load time|performance|devices|phones|tablets|tech savvy|learning curve|support looked thinner|import|migration|it team|one-person it|rostering|backhaul|satellite|scada|batch files|middleware|run the app|machines|sensors?|gcp|aws|workday|salesforce|processor|being replaced|replaced|systems?|engine|erp|cobol|sdk|hardware|upgrade|portal|export)\b", N)]
    public static partial Regex TechnicalWords();

    [GeneratedRegex(@"\b(?:legal|counsel|contract review|redlines?|baa|dpa|gdpr|hipaa|indemnif\w+|liability|regulator(?:y)?|regulation|compliance|data residency|works council|union|approval from|authority|public records|confidential\w*|kyc|fedramp|auditors?|law|lawyers?|separate agreements|certification|certified|insurer|examiners?|exams?|due diligence|ferpa|privacy|ethical walls|bar complaint|rules)\b", N)]
    public static partial Regex LegalWords();

    [GeneratedRegex(@"\b(?:expect(?:s|ed|ing)?|think(?:s)? (?:this|it|your tool)|heard at|came up in the demo|not (?:in|part of) (?:scope|what you bought)|oversell|oversold|over-?promis\w*|assum(?:e|es|ing)|out of scope|which we never agreed|never agreed|did not buy|reset (?:that|the) expectation|be corrected|correct that early|scope)\b", N)]
    public static partial Regex ScopeWords();

    /// <summary>Severity up: "biggest worry", "blocked", "pull the plug", "lose the whole season".</summary>
    [GeneratedRegex(@"\b(?:biggest|big(?:ger)? risk|major|critical|serious|real risk|blocked|blocker|can't go live|could (?:kill|pull|cut)|pull the plug|churn|lose the whole|deal-?breaker|really tight|not approved|at all|in half|he'll switch|switch|not convinced|kills|can't go through|won't accept|will not accept|go-live is blocked|high|chain-wide|cut it)\b", N)]
    public static partial Regex SevereWords();

    [GeneratedRegex(@"\b(?:minor|small|slight(?:ly)?|a bit|bit nervous|not a big deal|manageable|heads-up|low)\b", N)]
    public static partial Regex MildWords();

    // ---- special terms ----

    [GeneratedRegex(@"\b(?:discount|% off|percent off|off list|free (?:setup|months?|extension|year)|month free|price (?:is )?lock(?:ed)?|price lock|locked (?:for|at)|launch discount|waived?|threw in|free(?! up\b)(?:\s+\w+){0,3}\s+(?:for|during|while|in)\b|are free|is free|same per-seat price|honou?r the same)\b", I)]
    public static partial Regex DiscountWords();

    [GeneratedRegex(@"\b(?:net[ -]?(?:\d+|thirty|forty-five|sixty|ninety)|payments?|pay (?:quarterly|annually|monthly|upfront|up front|in advance)|invoic\w+|billed|billing|prepay|in arrears|in advance|milestones|upon acceptance|after harvest|financed|financing|installments?|interest|upfront|on completion)\b", N)]
    public static partial Regex PaymentWords();

    [GeneratedRegex(@"\b(?:sla|uptime|availability|response time|(?:\d+|one|two|four|thirty)[- ](?:hour|minute) (?:on-call )?response|response for|response (?:within|in) \d+|p1 support|priority one|on-call|24/7|around the clock|service credits)\b", N)]
    public static partial Regex SlaWords();

    [GeneratedRegex(@"\b(?:terminat\w+|cancel\w*|opt-out|exit clause|out clause|walk away|non-appropriation|exit after|(?:can|may) exit|exit (?:the|early))\b", N)]
    public static partial Regex TerminationWords();

    [GeneratedRegex(@"\b(?:capped|cap (?:of|on|at)|liability cap|mfn|most favou?red|auto-renew\w*|revenue share|hosted in|exclusiv\w+|data export|escrow|add or remove|price increase at renewal)\b", N)]
    public static partial Regex OtherTermWords();

    /// <summary>The term is agreed, not merely discussed: "as agreed", "in the contract", "you have", "they get".</summary>
    [GeneratedRegex(@"\b(?:agreed|contract|order form|as agreed|written into|is in the|in the (?:contract|agreement|sla)|that's in|we (?:offered|threw)|you (?:have|get|pay|can)|they (?:get|can|may|pay)|we pay|there's an?|terms?|correct|sla gives|includes|is at|are monthly|billed|negotiated|\d+\s*%)", I)]
    public static partial Regex Agreed();

    /// <summary>"No special commercial terms", "standard pricing", "did not ask for any special SLA".</summary>
    [GeneratedRegex(@"\b(?:no (?:special|sla changes|changes)|standard (?:pricing|payment|sla|terms)|did not ask for|didn't ask for|beyond standard|would be a problem|was given|were given)\b", N)]
    public static partial Regex NoSpecialTerms();

    // ---- people ----

    [GeneratedRegex(@"\b(?:sign(?:s|ed)?(?: off)?(?: on)?(?: the (?:contract|order form|checks))?|signs the checks|final (?:say|approver|call)|approv(?:es|ed|er)|holds? the (?:\w+ )?(?:budget|purse strings)|owns? the (?:\w+ )?budget|own the budget|controls? (?:the )?(?:\w+ )?budget|budget holder|economic buyer|\bEB\b|released the budget|made the final call|has the final say|purse strings|budget (?:line )?is mine|budget sits with|decision maker)\b", N)]
    public static partial Regex EconomicBuyerCue();

    [GeneratedRegex(@"\b(?:champion\w*|sponsor\w*|pushing for this|pushed for|fought for|driving this|drove the evaluation|drove this|brought (?:you|us) in|the one who (?:brought|found)|found us|advocate|business owner|bought in|presented the business case|built the business case|sold it to|made the case|pushed (?:the board|this|it|for)|my baby|advocate)\b", N)]
    public static partial Regex ChampionCue();

    [GeneratedRegex(@"\b(?:IT\b|integration|architect|engineer|technical|SSO|systems|developer|security (?:lead|review)|rostering|sensors|gateways|network|SCADA|data flows|devices|CRM connection|Salesforce admin|data import|import|agents)", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    public static partial Regex TechnicalCue();

    [GeneratedRegex(@"\b(?:day-to-day user|daily users?|main (?:day-to-day )?user|heaviest user|power user|(?:the one|ones?) using|will be (?:the )?(?:one )?using|use (?:it|the \w+) (?:every day|daily|all day)|in the tool all day|will administer|administer the system|using the dashboards|in the (?:system|tool|app|product) all day|use the \w+ daily|will use (?:it|the \w+)|daily users?|main user)\b", N)]
    public static partial Regex UserCue();

    /// <summary>Job titles, in the forms people say them.</summary>
    [GeneratedRegex(@"\b(?:chief [a-z]+ officer|c[efoitmr]o|ciso|svp [a-z]+|vp(?: of)? [a-z ]{2,25}?|vice president[a-z ]*|(?:managing )?director of [a-z ]{2,30}|director|head of [a-z ]{2,30}|general manager[a-z ,]*|(?:[a-z]+ )?manager|(?:[a-z]+ )?lead|(?:[a-z]+ )?engineer|(?:[a-z]+ )?architect|(?:[a-z]+ )?developer|(?:[a-z]+ )?administrator|superintendent|treasurer|controller|managing partner[a-z ]*|(?:[a-z]+ )?coordinator|(?:[a-z]+ )?technician|owner/broker|exec(?:utive)? director|general counsel|it director|it manager)\b", N)]
    public static partial Regex Title();

    /// <summary>Finance titles: with no other cue, the person is taken as the economic buyer.</summary>
    [GeneratedRegex(@"\b(?:cfo|chief financial officer|finance|treasurer|controller|svp finance)\b", N)]
    public static partial Regex FinanceTitle();

    [GeneratedRegex(@"\b(?:cto|it\b|engineer|architect|developer|technician|administrator|systems|security lead)", N)]
    public static partial Regex TechnicalTitle();

    /// <summary>Well-known vendors a customer may compare against; a capitalised name next to a competitor cue counts too.</summary>
    [GeneratedRegex(@"\b(?:Samsara|Salesforce|HubSpot|Zendesk|Gainsight|Clari|Gong|Hootsuite|Sprout Social|Procore|Wiz|CrowdStrike|Palo Alto|Siemens|MindSphere|Culture Amp|Workday|ShowingTime|Accela|Hoteza|Oracle|SAP|Microsoft|Google|Amazon|ServiceNow|Tyler|Benchling|Guidewire|Epic|Cerner|Veeva|Shopify|Toast|Okta)\b", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    public static partial Regex KnownVendor();
}
