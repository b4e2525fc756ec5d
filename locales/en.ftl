# The bot's sentences for English-language readers. Messages are Telegram HTML: variables that
# hold text are escaped by the bot before they are placed.


help =
    I answer questions about the <b>Qingdao Daily</b> (青岛日报) from { $pages } pages, { $articles } articles (dates: { $dates }).

    Just send me a question: I answer from the reports and cite them [1]; tap a source button to read the passage.
    In groups: /ask question, mention me, or reply to my message. Follow-ups keep the context for { $ttl } minutes; /new starts over, /cancel stops an answer being written. From any chat: type <code>@{ $bot } question</code>.

    { $commands }
help-offline = Offline mode (no chat model configured): answers quote the reports word for word.
help-admin = Admins can also send a page (.txt, .md, .docx, .pdf, .html, or a .jsonl or .csv export) to add it.
no-dates = no dates
start-question = You asked: <i>{ $question }</i>
start-unknown = That link is not one I know (it may be cut short). Ask your question here instead.

cmd-ask = Ask a question (in groups): /ask question
cmd-new = Start a new conversation
cmd-cancel = Stop the answer being written
cmd-help = What I know and how to ask
cmd-stats = Index status
cmd-pages = Indexed pages
cmd-reindex = Rebuild the index (admins)
cmd-remove = Remove a page (admins)
cmd-feedback = Answers readers marked 👎 (admins)

stats-title = 📊 <b>Index</b>
stats-pages = Pages: { $value }
stats-articles = Articles: { $value }
stats-chunks = Chunks: { $value }
stats-embedder = Embedder: { $value } ({ $dim } dims)
stats-model = Chat model: { $value }
stats-no-model = none (offline answers)
stats-indexed = Last indexed: { $value }
stats-never = never
usage-title = 📈 <b>Usage</b>
usage-row =
    { $questions ->
        [0] { $period }: no questions yet.
       *[other] { $period }, { $questions } { $questions ->
            [one] question
           *[other] questions
        }: { $answered } answered{ $offline ->
            [0] {""}
           *[other] {" "}({ $offline } offline)
        }, { $refused } not in the reports; median { $p50 } s
    }
usage-today = Today
usage-week = Last 7 days

pages-none = No pages are indexed.
pages-title = 📰 <b>{ $count } pages</b>
pages-line = • { $head } — { $articles } articles, { $chunks } chunks{ $dates }

unknown-command = Unknown command { $command }. Commands:
    { $commands }
empty-question = Please write a question after /ask, or tap one of these:
caption-needed = Please write your question as text (or as the caption of the photo or file).
voice-untranscribed = I cannot listen to voice messages here; please type your question.
voice-too-long-chat = That voice message is too long ({ $seconds } s; at most { $max } s). Please type your question or send a shorter one.
voice-heard = 🎙 <i>{ $text }</i>
rate-limited = You are asking very fast — please wait a minute and try again.
apology = Sorry, something went wrong while answering. Please try again.
not-allowed = Sorry, this bot is private.
new-conversation = OK, a new conversation. Ask away.
sources = Sources
passage-gone = That passage is no longer in the index.
passage-open = Open the page
passage-sent-privately = Sent to you in a private chat with the bot.
passage-open-bot = Open @{ $bot } in a private chat to see the sources.
stop-button = ⏹ Stop
stopped = ⏹ <i>Stopped.</i>
nothing-to-cancel = There is no answer being written.
stop-not-yours = Only the person who asked can stop this answer.
cancelled = Stopped.
vote-up = Thanks for the 👍
vote-down = Thanks — noted 👎
vote-changed = Vote changed
vote-gone = That answer is too old to vote on.

inline-hint = Type a question about the Qingdao Daily
inline-refused = The reports do not say: ask in the chat
inline-too-short = Type a whole question, not just a topic
inline-answer = Answer from the Qingdao Daily
inline-too-fast = Too many questions; wait a moment
inline-open = Ask in the chat

admin-only = Only admins can do that; nothing was changed.
admin-private = Only admins can read this, and only in a private chat with me.
busy = A reindex is already running; please wait for it to finish.
reindex-started = ⏳ Rebuilding the index…
progress-parse = reading pages { $done }/{ $total }
progress-embed = pages { $done }/{ $total }, { $embedded } passages embedded
progress-store = writing the index
progress-optimize = updating the search indexes
progress-done = finishing
progress = ⏳ Rebuilding the index: { $stage }…
indexed = ✅ Index rebuilt: { $pages } pages, { $articles } articles, { $chunks } chunks in { $seconds } s.
indexed-after = ✅ { $what }. Index: { $pages } pages, { $articles } articles, { $chunks } chunks in { $seconds } s.
skipped = ⚠️ <code>{ $file }</code>: { $reason }
failed = ❌ Failed: { $reason }
interrupted = ⏹ Interrupted by a restart. Send it again if it is still needed.
added = Added { $file }
removed = Removed { $file }
adding = ⏳ Adding <code>{ $file }</code>…
removing = ⏳ Removing <code>{ $file }</code>…
remove-pick = Which page should be removed? (page { $page } of { $pages })
remove-none = No pages are indexed; there is nothing to remove.
remove-confirm = Remove <code>{ $file }</code> from the index? Questions will no longer be answered from it.
remove-yes = 🗑 Remove
remove-no = Keep it
remove-kept = Nothing was removed.
remove-gone = That page is no longer indexed; see /pages.
previous = ◀
next = ▶
not-text = { $name } is not accepted: send a .txt, .md, .docx, .pdf, .html, .jsonl or .csv file.
too-large = The file is too large ({ $size } bytes); the limit is { $limit } bytes.

feedback-none = No answer has been marked 👎 yet.
feedback-title = 👎 <b>{ $n } of { $total }</b> · { $time }
feedback-question = <b>Question</b>: { $question }
feedback-answer = <b>Answer</b>: { $answer }
feedback-sources = <b>Sources</b>: { $sources }
feedback-no-sources = <b>Sources</b>: none

# Where a passage was printed. A date has one of four shapes: year-month-day, year-month, month-day, month.
source-paper = { $paper ->
    [qingdao-daily] Qingdao Daily
   *[other] { $name }
}
source-date = { $shape ->
    [ymd] { $day } { source-month } { $year }
    [ym] { source-month } { $year }
    [md] { $day } { source-month }
   *[m] { source-month }
}
source-month = { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
}
source-page = page { $number }
source-part = part { $number }
source-separator = {", "}
list-separator = {", "}
pages-dates = , { $dates }

## answer-actions
answer-more-detail = More detail
answer-action-not-yours = Only the person who asked can ask this again.
answer-action-gone = That answer is too old: please ask the question again.
answer-action-busy = Already on it: the answer is being written.

## What the core writes itself: refusals (UserError codes, plain text, also for logs and the
## command line) and the sentences around an answer. Variables are placed as they are.

question-empty = the question is empty
question-too-long = the question is too long: { $length } characters, at most { $max }
voice-unavailable = voice messages are not transcribed here; please type your question
voice-too-long = the voice message is too long: { $seconds } seconds, at most { $max }
voice-empty = the voice message is empty
voice-timeout = speech recognition took too long; please try again, or type your question
voice-unheard = no words were recognised in the voice message; please speak clearly, or type your question
voice-cancelled = the voice message was not transcribed: it was cancelled
voice-failed = the voice message could not be transcribed: speech recognition failed; please try again later, or type your question
file-name-unusable = "{ $file }" is not a usable file name: use a plain name such as page-2025-03-01.txt
file-not-report = "{ $file }" is not a report: send a .txt, .md, .docx, .pdf, .html, .jsonl or .csv file
file-not-word = { $file } cannot be read as a Word document (.docx)
file-not-pdf = { $file } cannot be read as a PDF
file-no-text-layer = { $file } has no text layer (a scanned page?): send the text, or a PDF exported from the layout
file-binary-kind = { $file } is { $kind ->
        [png] a PNG image
        [jpeg] a JPEG image
        [gif] a GIF image
        [pdf] a PDF
        [zip] a ZIP archive (a Word or Excel file?)
       *[ole] an old Word or Excel file
    }, not text
file-unknown-encoding = { $file } is not text in a known encoding (UTF-8, UTF-16, GBK/GB18030 or Big5)
file-too-large = { $file } is too large: { $size } bytes, the limit is { $max }
file-name-control = the file name holds a control character (such as NUL): rename the file and send it again
file-name-too-long = the file name is too long: { $bytes } bytes, at most { $max } (about { $chars } Chinese characters): rename the file and send it again
file-name-path = the file name may not hold "/" or "\" nor start with ".": rename the file and send it again
file-name-reserved = "{ $name }" is a name reserved for a device: rename the file and send it again
page-copy-failed = could not keep a copy of the page before removing it (the log says why): nothing was removed
file-too-many-pages = { $file } has { $pages } pages, the limit is { $max }: send the pages of one issue
file-unpacks-too-large = { $file } unpacks to { $size } MB of text and layout, the limit is { $max } MB: split the document
file-too-many-tags = { $file } has { $tags } XML tags (paragraphs, runs, formatting), the limit is { $max }: split the document
file-read-too-slow = { $file } took more than { $seconds } s to read (stopped at { $stage ->
        [unpacking] unpacking
        [page] page { $page } of { $pages }
       *[text] the text
    }): send a smaller file
file-too-much-text = { $file } holds too much text: more than { $max } characters
file-looks-binary = { $file } looks like a binary file, not text
file-empty = { $file } is empty
page-work-failed = reading { $file } failed (the log says why): the index is unchanged
page-work-out-of-memory = reading { $file } took more than { $max } MB of memory and was stopped: split the document; the index is unchanged
records-unreadable = { $file } cannot be read as CSV records: { $why }
records-no-body = { $file } has no record with a body: a CMS export needs a body field (and title, date, page, url if it has them)
article-no-body = { $file } has no article text: the page holds no paragraphs to read
download-too-large = the file is too large: { $size } bytes, the limit is { $max }
seeds-dir-unreadable = cannot read the reports folder { $dir }: set SEEDS_DIR to a folder of .txt pages
seeds-none-readable = no readable .txt or .md reports in { $dir }{ $why }
page-not-indexed = { $file } is not among the indexed pages (see /pages)
index-would-be-empty = that would leave no pages: the bot would know nothing
index-not-built = the index is not built yet: run npm run ingest
index-busy = a change to the index is already running; wait for it to finish
index-embedder-mismatch = the index was built with { $built } ({ $dim } dimensions) but { $configured } ({ $configuredDim }) is configured: run npm run ingest to reindex

answer-refusal = The reports do not say.
answer-missing = The reports say nothing of { $missing }.
answer-missing-nearest = The reports say nothing of { $missing }. The nearest reports:
answer-offline = Offline mode ({ $reason ->
        [no-model] no language model configured
        [quick] a quick answer, without the language model
        [timeout] the language model timed out
        [error] the language model failed
       *[unsupported] the model's answer did not match the reports
    }): the most relevant sentences from the reports, quoted in Chinese.
answer-time-within = From the reports of { $span }:
answer-time-elsewhere = No report of { $span } says this; from reports of other dates:

## What failed under an index change or a readiness check (the details are in the log).
failure-object-store-credentials = the object store refused the credentials
failure-object-store-bucket = the object store's bucket does not exist
failure-object-store-unreachable = the object store cannot be reached
failure-index-unreadable = the index cannot be read
failure-disk-full = the server's disk is full
failure-file-access = a file on the server cannot be read or written
failure-outside-api = an outside API (embeddings or chat) did not answer
failure-unexpected = an unexpected error; the log has the details

## small talk: greetings, thanks, "who are you", and what a refusal suggests (the core writes the replies; the examples come from the newest reports)
small-talk-greeting = Hello! I answer questions about the Qingdao Daily (青岛日报) from its reports, quoting them and citing where they were printed.
small-talk-thanks = You're welcome! Ask me anything else about the reports.
small-talk-about = I answer questions about the Qingdao Daily (青岛日报) from the reports I hold, quoting them and citing where they were printed; when the reports do not say, I tell you so.
small-talk-examples = Try asking (tap one; the reports are in Chinese):
answer-refusal-rephrase = { answer-refusal } Try other words: the reports' own terms, or a more precise question.
answer-refusal-nearest = { answer-refusal } Try other words, or open the nearest reports:

## timeline
cmd-timeline = Reports on a topic by date: /timeline topic
timeline-usage = Usage: <code>/timeline topic</code>, e.g. <code>/timeline consumer assistance</code>: the reports that mention it, by date, one line each.
timeline-none = No report mentions “{ $topic }”.
timeline-title = Reports on “{ $topic }” by date ({ $count } in all, page { $page } of { $pages }):
timeline-undated = date unknown
timeline-topic-too-long = That topic is too long: say it in a few words.

## answers with dates
answer-dated-latest = As of { $date }, { $figure }
answer-dated-earlier = Earlier reports:
answer-dated-line = { $date }: { $figure }

## admin
remove-unknown = ❌ <code>{ $file }</code> is not indexed; see /pages.

## spans
answer-quoted-before = The previous answer already quoted this report: “{ $start }”
