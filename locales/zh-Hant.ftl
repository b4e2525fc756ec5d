# 繁體中文讀者看到的句子。訊息是 Telegram HTML：放入的文字變數由機器人先轉義。

example-question = 青島去年幫中西部賣了多少農產品？

help =
    我根據<b>青島日報</b> { $pages } 個版面、{ $articles } 篇報道回答問題（日期：{ $dates }）。

    直接把問題發給我，例如：<i>{ example-question }</i> 我用報道原文回答並標註來源 [1]，點來源按鈕可檢視原文段落。
    在群裡：用 /ask 問題、@我，或回覆我的訊息。{ $ttl } 分鐘內的追問會接著上文；/new 開始新對話，/cancel 停止正在寫的回答。在任何聊天裡輸入 <code>@{ $bot } 問題</code> 也可以提問。

    { $commands }
help-admin = 管理員還可以傳送版面檔案（.txt、.md、.docx 或 .pdf）來加入。
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
usage-row = { $period }：{ $questions } 個問題 · 回答 { $answered } · 拒答 { $refused } · 離線 { $offline } · 中位用時 { $p50 }
usage-today = 今天
usage-week = 最近 7 天
usage-none = —

pages-none = 還沒有收錄任何版面。
pages-title = 📰 <b>已收錄 { $count } 個版面</b>
pages-line = • { $head } — { $articles } 篇，{ $chunks } 個片段{ $dates }

unknown-command = 沒有 { $command } 這個命令。可用命令：
    { $commands }
empty-question = 請寫下問題，例如：/ask { example-question }
caption-needed = 請用文字寫下問題（也可以寫在圖片或檔案的說明裡）。
voice-untranscribed = 這裡聽不了語音訊息，請打字提問。
voice-too-long = 這條語音太長了（{ $seconds } 秒，最多 { $max } 秒），請打字提問或發一條短一些的。
voice-heard = 🎙 <i>{ $text }</i>
rate-limited = 提問太頻繁了，請稍等一分鐘再試。
apology = 抱歉，處理時出錯了，請再試一次。
not-allowed = 抱歉，這個機器人不對外開放。
new-conversation = 好的，已開始新對話，請提問。
sources = 來源
passage-gone = 這段原文已不在索引中。
passage-inferred = （日期由版面推斷）
passage-open = 檢視原版面
back-to-answer = ⬅ 返回回答
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
inline-refused = 報道中沒有提到
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
not-text = 不能加入 { $name }：只接受 .txt、.md、.docx 或 .pdf 檔案。
too-large = 檔案太大（{ $size } 位元組），上限為 { $limit } 位元組。

feedback-none = 還沒有讀者點 👎 的回答。
feedback-title = 👎 <b>第 { $n }/{ $total } 條</b> · { $time }
feedback-question = <b>問題</b>：{ $question }
feedback-answer = <b>回答</b>：{ $answer }
feedback-sources = <b>來源</b>：{ $sources }
feedback-no-sources = <b>來源</b>：無
