# 繁體中文讀者看到的句子。訊息是 Telegram HTML：放入的文字變數由機器人先轉義。


help =
    我根據<b>青島日報</b> { $pages } 個版面、{ $articles } 篇報道回答問題（日期：{ $dates }）。

    直接把問題發給我，我用報道原文回答並標註來源 [1]，點來源按鈕可檢視原文段落。
    在群裡：用 /ask 問題、@我，或回覆我的訊息。{ $ttl } 分鐘內的追問會接著上文；/new 開始新對話，/cancel 停止正在寫的回答。在任何聊天裡輸入 <code>@{ $bot } 問題</code> 也可以提問。

    { $commands }
help-offline = 現在是離線模式（未配置大模型）：回答直接引用報道原文，不加改寫。
help-admin = 管理員還可以傳送版面檔案（.txt、.md、.docx、.pdf、.html，或 .jsonl、.csv 匯出）來加入。
no-dates = 無日期
start-question = 你的問題：<i>{ $question }</i>
start-unknown = 這個連結我不認識（可能被截斷了），請直接在這裡提問。

cmd-ask = 提問（群聊中使用）：/ask 問題
cmd-new = 開始新對話
cmd-cancel = 停止正在寫的回答
cmd-help = 我知道什麼、怎麼問
cmd-stats = 索引狀態
cmd-pages = 已收錄的版面
cmd-reindex = 重建索引（管理員）
cmd-remove = 刪除版面（管理員）
cmd-feedback = 讀者點了 👎 的回答（管理員）

stats-title = 📊 <b>索引狀態</b>
stats-pages = 版面：{ $value }
stats-articles = 文章：{ $value }
stats-chunks = 片段：{ $value }
stats-embedder = 嵌入模型：{ $value }（{ $dim } 維）
stats-model = 大模型：{ $value }
stats-no-model = 未配置（離線回答）
stats-indexed = 最近索引：{ $value }
stats-never = 尚未建立
usage-title = 📈 <b>使用情況</b>
usage-row =
    { $questions ->
        [0] { $period }還沒有人提問。
       *[other] { $period } { $questions } 個問題：{ $answered } 個有答案{ $offline ->
            [0] {""}
           *[other] （{ $offline } 個離線）
        }，{ $refused } 個報道中沒有；中位用時 { $p50 } 秒
    }
usage-today = 今天
usage-week = 最近 7 天

pages-none = 還沒有收錄任何版面。
pages-title = 📰 <b>已收錄 { $count } 個版面</b>
pages-line = • { $head } — { $articles } 篇，{ $chunks } 個片段{ $dates }

unknown-command = 沒有 { $command } 這個命令。可用命令：
    { $commands }
empty-question = 請在 /ask 後面寫下問題，例如點下面的一個：
caption-needed = 請用文字寫下問題（也可以寫在圖片或檔案的說明裡）。
voice-untranscribed = 這裡聽不了語音訊息，請打字提問。
voice-too-long-chat = 這條語音太長了（{ $seconds } 秒，最多 { $max } 秒），請打字提問或發一條短一些的。
voice-heard = 🎙 <i>{ $text }</i>
rate-limited = 提問太頻繁了，請稍等一分鐘再試。
apology = 抱歉，處理時出錯了，請再試一次。
not-allowed = 抱歉，這個機器人不對外開放。
new-conversation = 好的，已開始新對話，請提問。
sources = 來源
passage-gone = 這段原文已不在索引中。
passage-open = 檢視原版面
passage-sent-privately = 已私訊發給你。
passage-open-bot = 請先私聊 @{ $bot }，再查看來源。
stop-button = ⏹ 停止
stopped = ⏹ <i>已停止。</i>
nothing-to-cancel = 現在沒有正在寫的回答。
stop-not-yours = 只有提問的人可以停止這個回答。
cancelled = 已停止。
vote-up = 謝謝點贊 👍
vote-down = 謝謝反饋，我們會改進 👎
vote-changed = 已改為新的評價
vote-gone = 這個回答太舊了，無法評價。

inline-hint = 輸入關於青島日報的問題
inline-refused = 報道中沒有提到，在對話中換個問法
inline-too-short = 請輸入完整的問題，不只是一個詞
inline-answer = 青島日報的回答
inline-too-fast = 提問太頻繁，請稍等
inline-open = 在對話中提問

admin-only = 只有管理員可以這樣做，沒有做任何更改。
admin-private = 只有管理員可以查看，而且只能在與我的私聊中查看。
busy = 索引正在重建中，請等它完成。
reindex-started = ⏳ 正在重建索引…
progress-parse = 解析版面 { $done }/{ $total }
progress-embed = 版面 { $done }/{ $total }，已計算 { $embedded } 段向量
progress-store = 寫入索引
progress-optimize = 更新檢索索引
progress-done = 即將完成
progress = ⏳ 正在重建索引：{ $stage }…
indexed = ✅ 索引已重建：{ $pages } 個版面，{ $articles } 篇文章，{ $chunks } 個片段，用時 { $seconds } 秒。
indexed-after = ✅ { $what }。索引：{ $pages } 個版面，{ $articles } 篇文章，{ $chunks } 個片段，用時 { $seconds } 秒。
skipped = ⚠️ <code>{ $file }</code>：{ $reason }
failed = ❌ 失敗：{ $reason }
interrupted = ⏹ 因重啟而中斷。如仍需要，請再發一次。
added = 已加入 { $file }
removed = 已刪除 { $file }
adding = ⏳ 正在加入 <code>{ $file }</code>…
removing = ⏳ 正在刪除 <code>{ $file }</code>…
remove-pick = 要刪除哪個版面？（第 { $page }/{ $pages } 頁）
remove-none = 還沒有收錄任何版面，沒有可刪除的。
remove-confirm = 從索引中刪除 <code>{ $file }</code>？之後不再用它回答問題。
remove-yes = 🗑 刪除
remove-no = 保留
remove-kept = 沒有刪除任何版面。
remove-gone = 這個版面已不在索引中，見 /pages。
previous = ◀
next = ▶
not-text = 不能加入 { $name }：只接受 .txt、.md、.docx、.pdf、.html、.jsonl 或 .csv 檔案。
too-large = 檔案太大（{ $size } 位元組），上限為 { $limit } 位元組。

feedback-none = 還沒有讀者點 👎 的回答。
feedback-title = 👎 <b>第 { $n }/{ $total } 條</b> · { $time }
feedback-question = <b>問題</b>：{ $question }
feedback-answer = <b>回答</b>：{ $answer }
feedback-sources = <b>來源</b>：{ $sources }
feedback-no-sources = <b>來源</b>：無

# 版面出處。日期有四種形式：年月日、年月、月日、月。
source-paper = { $paper ->
    [qingdao-daily] 青島日報
   *[other] { $name }
}
source-date = { $shape ->
    [ymd] { $year }年{ source-month }{ $day }日
    [ym] { $year }年{ source-month }
    [md] { source-month }{ $day }日
   *[m] { source-month }
}
source-month = { $month }月
source-page = 第{ $number }版
source-part = 第{ $number }段
source-separator = {" "}
list-separator = 、
pages-dates = ，{ $dates }

## answer-actions
answer-more-detail = 更詳細
answer-action-not-yours = 只有提問的人可以讓它重新回答。
answer-action-gone = 這個回答太舊了，請重新提問。
answer-action-busy = 正在寫，請稍候。

## 核心自己寫的文字：拒絕的理由（UserError 的代碼，純文本，也用於日誌和命令行）和答案前後的說明。變量按原樣放入。

question-empty = 問題是空的
question-too-long = 問題太長：{ $length } 個字，最多 { $max } 個字
voice-unavailable = 這裡不識別語音消息，請輸入文字提問
voice-too-long = 語音太長：{ $seconds } 秒，最長 { $max } 秒
voice-empty = 語音是空的
voice-timeout = 語音識別超時，請重試，或直接輸入文字提問
voice-unheard = 沒有從語音中識別出文字，請說清楚一些，或直接輸入文字提問
voice-cancelled = 語音識別已取消
voice-failed = 語音識別出錯，這條語音沒能識別，請稍後重試，或直接輸入文字提問
file-name-unusable = “{ $file }”不能用作文件名：請用 page-2025-03-01.txt 這樣的簡單名字
file-not-report = “{ $file }”不是報道文件：只接受 .txt、.md、.docx、.pdf、.html、.jsonl 或 .csv 文件
file-not-word = { $file } 無法作為 Word 文檔（.docx）讀取
file-not-pdf = { $file } 無法作為 PDF 讀取
file-no-text-layer = { $file } 沒有文字層（可能是掃描件）：請發送文字版，或從排版軟件導出的 PDF
file-binary-kind = { $file } 不是文本文件（{ $kind ->
        [png] PNG 圖片
        [jpeg] JPEG 圖片
        [gif] GIF 圖片
        [pdf] PDF 文件
        [zip] ZIP 壓縮包（Word 或 Excel 文件？）
       *[ole] 舊版 Word 或 Excel 文件
    }）
file-unknown-encoding = { $file } 不是可識別編碼（UTF-8、UTF-16、GBK/GB18030 或 Big5）的文本
file-too-large = { $file } 太大：{ $size } 字節，上限 { $max } 字節
file-name-control = 文件名裡有控制字符（如 NUL）：請改名後重新發送
file-name-too-long = 文件名太長：{ $bytes } 字節，最多 { $max } 字節（約 { $chars } 個漢字）：請改名後重新發送
file-name-path = 文件名不能含有“/”或“\”，也不能以“.”開頭：請改名後重新發送
file-name-reserved = “{ $name }”是系統保留的設備名：請改名後重新發送
page-copy-failed = 刪除前無法保留該版面的副本（原因見日誌）：什麼也沒有刪除
file-too-many-pages = { $file } 有 { $pages } 頁，上限 { $max } 頁：請只發送一期的版面
file-unpacks-too-large = { $file } 解壓後文字和排版有 { $size } MB，上限 { $max } MB：請拆分文檔
file-too-many-tags = { $file } 有 { $tags } 個 XML 標籤（段落、文字塊、格式），上限 { $max } 個：請拆分文檔
file-read-too-slow = { $file } 讀取超過 { $seconds } 秒（停在{ $stage ->
        [unpacking] 解壓
        [page] 第 { $page } 頁（共 { $pages } 頁）
       *[text] 提取文字
    }）：請發送較小的文件
file-too-much-text = { $file } 文字太多：超過 { $max } 個字符
file-looks-binary = { $file } 像是二進制文件，不是文本
file-empty = { $file } 是空文件
page-work-failed = 讀取 { $file } 失敗（原因見日誌）：索引沒有改變
page-work-out-of-memory = 讀取 { $file } 用了超過 { $max } MB 記憶體，已停止：請拆分檔案；索引沒有改變
records-unreadable = 無法把 { $file } 讀作 CSV 記錄：{ $why }
records-no-body = { $file } 中沒有帶正文的記錄：稿件匯出需要 body 欄位（以及 title、date、page、url，如有）
article-no-body = { $file } 中沒有稿件正文：頁面裡沒有可讀的段落
download-too-large = 文件太大：{ $size } 字節，上限 { $max } 字節
seeds-dir-unreadable = 無法讀取報道目錄 { $dir }：請把 SEEDS_DIR 設為存放 .txt 版面的目錄
seeds-none-readable = { $dir } 中沒有可讀的 .txt 或 .md 報道{ $why }
page-not-indexed = 索引裡沒有 { $file } 這個版面（見 /pages）
index-would-be-empty = 刪除後索引裡將沒有任何版面，無法回答問題
index-not-built = 索引尚未建立：請先運行 npm run ingest
index-busy = 索引正在更新，請等它完成
index-embedder-mismatch = 索引由 { $built } 建立，當前配置的是 { $configured }：請運行 npm run ingest（或 /reindex）重建索引

answer-refusal = 報道中沒有找到這個問題的答案。
answer-missing = 報道裡沒有{ $missing }的資訊。
answer-missing-nearest = 報道裡沒有{ $missing }的資訊。相近的報道：
answer-offline = 離線模式（{ $reason ->
        [no-model] 未配置大模型
        [quick] 快速回答，未調用大模型
        [timeout] 大模型超時
        [error] 大模型調用失敗
       *[unsupported] 大模型的回答與原文不符
    }）：以下是報道中最相關的原文。
answer-time-within = { $span }的報道：
answer-time-elsewhere = { $span }的報道里沒有找到；以下是其他日期的報道：

## 索引變更或就緒檢查中出錯的是什麼（詳情見日誌）。
failure-object-store-credentials = 物件儲存拒絕了存取憑據
failure-object-store-bucket = 物件儲存的儲存桶不存在
failure-object-store-unreachable = 無法連線物件儲存
failure-index-unreadable = 索引無法讀取
failure-disk-full = 伺服器磁碟已滿
failure-file-access = 伺服器上的檔案無法讀寫
failure-outside-api = 外部介面（向量或對話模型）沒有回應
failure-unexpected = 意外錯誤，詳情見日誌

## small talk：問候、致謝、「你是誰」，以及拒答時的建議（回答由核心寫，示例問題來自最新的報道）
small-talk-greeting = 你好！我是青島日報問答機器人：問我報道裡的事，我用報道原文回答，並標出處。
small-talk-thanks = 不客氣！還想知道什麼，直接問我。
small-talk-about = 我是青島日報問答機器人：根據收錄的報道回答問題，引用原文並標出處；報道裡沒有的，我會直說。
small-talk-examples = 可以這樣問我（點一下就問）：
answer-refusal-rephrase = { answer-refusal }可以換個問法：用報道裡的說法，或問得更具體些。
answer-refusal-nearest = { answer-refusal }可以換個問法，或看看相近的報道：

## timeline
cmd-timeline = 按日期列出某個話題的報道：/timeline 話題
timeline-usage = 用法：<code>/timeline 話題</code>，例如 <code>/timeline 消費幫扶</code>：按日期列出提到它的報道，每篇一行。
timeline-none = 報道里沒有提到「{ $topic }」。
timeline-title = 「{ $topic }」的報道，按日期排列（共 { $count } 篇，第 { $page }/{ $pages } 頁）：
timeline-undated = 日期不詳
timeline-topic-too-long = 話題太長了：請用幾個詞說。

## answers with dates
answer-dated-latest = 截至{ $date }，{ $figure }
answer-dated-earlier = 此前的報道：
answer-dated-line = { $date }：{ $figure }

## admin
remove-unknown = ❌ 索引中沒有 <code>{ $file }</code>，見 /pages。

## spans
answer-quoted-before = 上一條回答已經引用了這段報道：“{ $start }”
