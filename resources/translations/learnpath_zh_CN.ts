<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <location filename="../../tracker/ui/app.py" line="+267"/>
        <source>The curriculum could not be opened</source>
        <translation>无法打开该课程</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1

%2

LearnPath opened its bundled curriculum instead.</source>
        <translation>%1

%2

LearnPath 已改为打开内置课程。</translation>
    </message>
    <message>
        <location line="+87"/>
        <source>LearnPath&apos;s own curriculum could not be opened</source>
        <translation>无法打开 LearnPath 自带的课程</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1

%2

Please reinstall LearnPath.</source>
        <translation>%1

%2

请重新安装 LearnPath。</translation>
    </message>
    <message>
        <location line="+29"/>
        <location line="+10"/>
        <source>Your progress could not be opened</source>
        <translation>无法打开你的学习进度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1

Nothing was changed. If another LearnPath window is using this folder, close it and start again; or choose another folder with --data-dir.</source>
        <translation>%1

没有做任何更改。如果另一个 LearnPath 窗口正在使用这个文件夹，请先关闭它再重新启动；也可以用 --data-dir 另选一个文件夹。</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>This profile could not be opened</source>
        <translation>无法打开该档案</translation>
    </message>
    <message>
        <location line="+95"/>
        <source>Something went wrong inside LearnPath</source>
        <translation>LearnPath 内部出错了</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This is a bug. Your saved progress is safe.

%1</source>
        <translation>这是程序缺陷。你已保存的进度不受影响。

%1</translation>
    </message>
</context>
<context>
    <name>BackupActions</name>
    <message>
        <location filename="../../tracker/ui/backup_actions.py" line="+43"/>
        <source>Automatic backup failed: {error}</source>
        <translation>自动备份失败：{error}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No backup was made on closing</source>
        <translation>关闭时未能备份</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Restored the backup.</source>
        <translation>已恢复备份。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The database has problems</source>
        <translation>数据库有问题</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The database is healthy: integrity, foreign keys and every row checked.</source>
        <translation>数据库完好：已检查完整性、外键和每一行数据。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{count} rows are kept for ids no longer in the curriculum.</source>
        <translation>有 {count} 行数据属于已不在课程中的条目（已保留）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check Database</source>
        <translation>检查数据库</translation>
    </message>
</context>
<context>
    <name>CardDialog</name>
    <message>
        <location filename="../../tracker/ui/card_dialog.py" line="+114"/>
        <source>Add card</source>
        <translation>添加卡片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your cards on “{item}”</source>
        <translation>你在「{item}」上的卡片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Front (the question)</source>
        <translation>正面（问题）(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Back (the answer)</source>
        <translation>背面（答案）(&amp;B)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+68"/>
        <source>Could not read your cards</source>
        <translation>无法读取你的卡片</translation>
    </message>
    <message>
        <location line="-48"/>
        <source>&amp;Save changes</source>
        <translation>保存修改(&amp;S)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Add card</source>
        <translation>添加卡片(&amp;A)</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>Could not add the card</source>
        <translation>无法添加卡片</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+41"/>
        <source>Could not save the card</source>
        <translation>无法保存卡片</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>Could not delete the card</source>
        <translation>无法删除卡片</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Could not restore the card</source>
        <translation>无法恢复卡片</translation>
    </message>
</context>
<context>
    <name>Checklist</name>
    <message>
        <location filename="../../tracker/ui/checklist_model.py" line="+317"/>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hours</source>
        <translation>学时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>+ added by the curriculum&apos;s editors</source>
        <translation>+ 由课程编者补充</translation>
    </message>
</context>
<context>
    <name>ChecklistPanel</name>
    <message>
        <location filename="../../tracker/ui/checklist_panel.py" line="+164"/>
        <source>No tasks match “{text}” in “{status}”</source>
        <translation>“{status}”中没有匹配“{text}”的任务</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No tasks match “{text}”</source>
        <translation>没有匹配“{text}”的任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No tasks in “{status}”</source>
        <translation>“{status}”中没有任务</translation>
    </message>
    <message>
        <location line="+108"/>
        <source>Chec&amp;klist</source>
        <translation>任务清单(&amp;K)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checklist</source>
        <translation>任务清单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter tasks…</source>
        <translation>筛选任务…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter tasks</source>
        <translation>筛选任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show tasks by status</source>
        <translation>按状态显示任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All stages</source>
        <translation>所有阶段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter the tasks of every stage, not only this one</source>
        <translation>在所有阶段的任务中筛选，而不只是本阶段</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show &amp;All Tasks</source>
        <translation>显示全部任务(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear the filter</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>All tasks</source>
        <translation>全部任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open (to do or in progress)</source>
        <translation>未完成（待办或进行中）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To do</source>
        <translation>待办</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
</context>
<context>
    <name>CohortModel</name>
    <message>
        <location filename="../../tracker/ui/cohort_window.py" line="+88"/>
        <source>Learner</source>
        <translation>学员</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Overall</source>
        <translation>总体</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last Activity</source>
        <translation>最近活动</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Minutes (7 days)</source>
        <translation>分钟（7 天）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Flags</source>
        <translation>标记</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>behind</source>
        <translation>落后</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>inactive</source>
        <translation>不活跃</translation>
    </message>
</context>
<context>
    <name>CohortSync</name>
    <message>
        <location filename="../../tracker/ui/cohort_sync.py" line="+233"/>
        <source>&amp;Join a Cohort…</source>
        <translation>加入学习小组(&amp;J)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;ync Now</source>
        <translation>立即同步(&amp;Y)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open a Cohort (Mentor)…</source>
        <translation>打开学习小组（导师）…</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>Joined the cohort; syncing…</source>
        <translation>已加入学习小组，正在同步…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Cohort Server Password</source>
        <translation>小组服务器密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>This data folder is a copy of another one; it now syncs as a computer of its own.</source>
        <translation>此数据文件夹是另一个文件夹的副本；现在它作为一台独立的电脑同步。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>A note was changed on your other computer; both versions were kept ({item}).</source>
        <translation>笔记在你的另一台电脑上也被修改过；两个版本都已保留（{item}）。</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Synced</source>
        <translation>已同步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offline · {n} waiting</source>
        <translation>离线 · {n} 项待同步</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} waiting</source>
        <translation>{n} 项待同步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password needed</source>
        <translation>需要密码</translation>
    </message>
</context>
<context>
    <name>CohortWindow</name>
    <message>
        <location filename="../../tracker/ui/cohort_window.py" line="+61"/>
        <source>Behind</source>
        <translation>落后</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inactive 7 days or more</source>
        <translation>7 天及以上未活动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show only:</source>
        <translation>只显示：</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Cohort {name}</source>
        <translation>学习小组 {name}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>As of {time} UTC</source>
        <translation>截至 {time} UTC</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{shown} of {total} learners</source>
        <translation>显示 {shown} / 共 {total} 名学员</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Overall: {percent}% ({done}/{total})</source>
        <translation>总体：{percent}%（{done}/{total}）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Last activity: {time}</source>
        <translation>最近活动：{time}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Minutes in the last 7 days: {minutes}</source>
        <translation>最近 7 天学习分钟数：{minutes}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Flags: {flags}</source>
        <translation>标记：{flags}</translation>
    </message>
</context>
<context>
    <name>ConceptPanel</name>
    <message>
        <location filename="../../tracker/ui/concept_view.py" line="+198"/>
        <source>&amp;Concepts</source>
        <translation>概念(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Concepts of this stage</source>
        <translation>本阶段的概念</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Concept summary</source>
        <translation>概念摘要</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Select a concept to read its summary, key points and history.</source>
        <translation>选择一个概念，阅读它的摘要、要点和发展历程。</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+96"/>
        <source>Study guide</source>
        <translation>学习建议</translation>
    </message>
    <message>
        <location line="-95"/>
        <source>How to study this stage, and what to read</source>
        <translation>本阶段怎么学、读什么</translation>
    </message>
    <message>
        <location line="+96"/>
        <source>Reading list</source>
        <translation>阅读清单</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Related:</source>
        <translation>相关概念：</translation>
    </message>
</context>
<context>
    <name>Counts</name>
    <message>
        <location filename="../../tracker/ui/texts.py" line="+66"/>
        <source>{done} of {total} done</source>
        <translation>已完成 {done}/{total}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> · {n} skipped</source>
        <translation> · 跳过 {n} 项</translation>
    </message>
</context>
<context>
    <name>CurriculumOpener</name>
    <message>
        <location filename="../../tracker/ui/opening.py" line="+80"/>
        <location line="+24"/>
        <source>Could not open the curriculum</source>
        <translation>无法打开课程</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>Opened {title}</source>
        <translation>已打开{title}</translation>
    </message>
</context>
<context>
    <name>DailyLoop</name>
    <message>
        <location filename="../../tracker/ui/daily.py" line="+169"/>
        <location line="+11"/>
        <location line="+317"/>
        <source>Could not read your study time</source>
        <translation>无法读取你的学习时间</translation>
    </message>
    <message>
        <location line="-288"/>
        <source>Could not save your hours per week</source>
        <translation>无法保存每周学习时长</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>Could not record study time</source>
        <translation>无法记录学习时间</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Could not log the time</source>
        <translation>无法记录这段时间</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Could not save your study settings</source>
        <translation>无法保存学习设置</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Could not change the time entry</source>
        <translation>无法修改这条时间记录</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Could not delete the time entry</source>
        <translation>无法删除这条时间记录</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Could not re-plan</source>
        <translation>无法重新规划</translation>
    </message>
    <message>
        <location line="+51"/>
        <location line="+53"/>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location line="-42"/>
        <source>Target dates re-planned</source>
        <translation>目标日期已重新规划</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Study time saved</source>
        <translation>学习时间已保存</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stages</source>
        <translation>阶段</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../../tracker/ui/dialogs.py" line="+63"/>
        <location line="+35"/>
        <source>LearnPath</source>
        <translation>LearnPath</translation>
    </message>
    <message numerus="yes">
        <location line="-28"/>
        <source>…and %n more.</source>
        <translation>
            <numerusform>……还有 %n 条。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Open Curriculum</source>
        <translation>打开课程</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Curriculum files (*.yaml *.yml);;All files (*)</source>
        <translation>课程文件 (*.yaml *.yml);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Use This Folder</source>
        <translation>使用此文件夹</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open the curriculum folder shown in the dialog</source>
        <translation>打开对话框中当前显示的课程文件夹</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>About LearnPath</source>
        <translation>关于 LearnPath</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>LearnPath %1</source>
        <translation>LearnPath %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A desktop tracker for long learning paths: concept summaries beside milestone checklists, with your notes, target dates and progress.</source>
        <translation>为长期学习路线打造的桌面进度工具：概念摘要与里程碑清单并排呈现，附带你的笔记、目标日期和学习进度。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Your progress stays on this computer, in a file you own.</source>
        <translation>你的进度保存在这台电脑上，存放在属于你自己的文件里。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Curriculum content is summarised in our own words from its source material; LearnPath has no affiliation with the source&apos;s authors or publishers.</source>
        <translation>课程内容由我们根据原始资料用自己的话概括整理；LearnPath 与原资料的作者或出版方没有任何隶属关系。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Licence: MIT.</source>
        <translation>许可证：MIT。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Python %1, Qt %2</source>
        <translation>Python %1，Qt %2</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Where Your Data Lives</source>
        <translation>数据存放位置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your progress, notes and plans are stored in this folder:</source>
        <translation>你的进度、笔记和计划保存在这个文件夹中：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Folder: %1
Database: %2

To back it up, copy the folder while LearnPath is closed.</source>
        <translation>文件夹：%1
数据库：%2

如需备份，请在关闭 LearnPath 后复制整个文件夹。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open Folder</source>
        <translation>打开文件夹</translation>
    </message>
</context>
<context>
    <name>DraftBar</name>
    <message>
        <location filename="../../tracker/ui/drafts.py" line="+182"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Recovered unsaved text for “{item}”.</source>
        <translation>找回了“{item}”未保存的文字。</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../tracker/ui/error_text.py" line="+20"/>
        <source>There is no {kind} “{id}”. Did you mean: {suggestions}?</source>
        <translation>没有{kind}“{id}”。你是不是想找：{suggestions}？</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>There is no {kind} “{id}”.</source>
        <translation>没有{kind}“{id}”。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A profile named “{name}” already exists.</source>
        <translation>名为“{name}”的档案已存在。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A profile name cannot be empty.</source>
        <translation>档案名称不能为空。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A profile name can have at most {most} characters ({given} given).</source>
        <translation>档案名称最多 {most} 个字符（现有 {given} 个）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A profile name cannot contain control characters (found {char}).</source>
        <translation>档案名称不能包含控制字符（发现 {char}）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>There is no profile named “{name}”.</source>
        <translation>没有名为“{name}”的档案。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{name}” is the only profile; add another one first.</source>
        <translation>“{name}”是唯一的档案；请先添加另一个档案。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The profile “{name}” was removed in another window or program; nothing was saved. Switch to another profile.</source>
        <translation>档案“{name}”已在另一个窗口或程序中被删除，未保存任何内容。请切换到其他档案。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This change was made in the profile “{name}”, which is no longer the one in use; nothing was saved.</source>
        <translation>这项更改是在档案“{name}”中做的，而现在使用的已不是这个档案，未保存任何内容。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This change was made before another curriculum was opened; nothing was saved.</source>
        <translation>这项更改是在打开另一份课程之前做的，未保存任何内容。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cannot save to {path}: the disk is full.</source>
        <translation>无法保存到 {path}：磁盘已满。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{path} is locked by another program (waited {seconds} s); try again.</source>
        <translation>{path} 被另一个程序锁定（已等待 {seconds} 秒），请稍后重试。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cannot write to {path}: the file or its folder is read-only.</source>
        <translation>无法写入 {path}：文件或其所在文件夹为只读。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot open {path}: the folder is missing, read-only or not accessible.</source>
        <translation>无法打开 {path}：文件夹不存在、为只读或无法访问。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cannot read or write {path}: disk I/O error.</source>
        <translation>无法读写 {path}：磁盘输入/输出错误。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{path} {reason}; it is not a usable LearnPath database and was left in place (move it aside or restore a backup).</source>
        <translation>{path} {reason}，不是可用的 LearnPath 数据库，已原样保留（请将它移到别处，或从备份恢复）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{path} was written by a newer version of LearnPath (schema {revision}; this version knows up to {head}). It was left untouched: update LearnPath to open it.</source>
        <translation>{path} 由更新版本的 LearnPath 写入（数据库结构版本 {revision}，本版本最高只认识 {head}）。文件未作任何改动：请升级 LearnPath 后再打开。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{path} is an SQLite database but not a LearnPath one; it was left in place.</source>
        <translation>{path} 是 SQLite 数据库，但不是 LearnPath 的数据库；已原样保留。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{path} is {file_kind}, not a database file; nothing was changed. Move it away.</source>
        <translation>{path} 是{file_kind}，不是数据库文件；没有做任何改动。请将它移走。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{path} is {file_kind}, not a file; SQLite cannot use {name} beside it. Move it away, then start again.</source>
        <translation>{path} 是{file_kind}，不是文件；有它在旁边，SQLite 无法使用 {name}。请将它移走，然后重新启动。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cannot read {path}: {error}.</source>
        <translation>无法读取 {path}：{error}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot move {path} aside: {error}.</source>
        <translation>无法将 {path} 移到一旁：{error}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{path} does not belong to {name} and cannot be moved aside ({error}). Move it away, then start again.</source>
        <translation>{path} 不属于 {name}，且无法移到一旁（{error}）。请将它移走，然后重新启动。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{path} is left over from a database that is gone and cannot be moved aside ({error}). Move it away, then start again.</source>
        <translation>{path} 是一个已不存在的数据库遗留下来的文件，且无法移到一旁（{error}）。请将它移走，然后重新启动。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{path} is a symbolic link to {target}, which is missing (a drive not mounted?). Nothing was changed: make it available, then start again.</source>
        <translation>{path} 是指向 {target} 的符号链接，而目标不存在（磁盘未挂载？）。没有做任何改动：请让目标可用，然后重新启动。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{path} is a symbolic link that loops back on itself ({target}). Nothing was changed: point it at the database.</source>
        <translation>{path} 是一个指向自身的循环符号链接（{target}）。没有做任何改动：请让它指向数据库。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cannot create the data folder {path}: {error}.</source>
        <translation>无法创建数据文件夹 {path}：{error}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot use the data folder {path}: {error}.</source>
        <translation>无法使用数据文件夹 {path}：{error}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot create {path}: {error}.</source>
        <translation>无法创建 {path}：{error}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{path} is not a LearnPath database.</source>
        <translation>{path} 不是 LearnPath 数据库。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{path} is damaged ({detail}).</source>
        <translation>{path} 已损坏（{detail}）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{path} is not a regular file.</source>
        <translation>{path} 不是普通文件。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{path} is not a LearnPath backup (not an SQLite database).</source>
        <translation>{path} 不是 LearnPath 备份（不是 SQLite 数据库）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{path} is not a LearnPath backup (no schema version).</source>
        <translation>{path} 不是 LearnPath 备份（没有结构版本）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{path} is damaged ({detail}); it cannot be restored.</source>
        <translation>{path} 已损坏（{detail}），无法用于恢复。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{path} was written by a newer version of LearnPath (schema {revision}); update LearnPath to restore it.</source>
        <translation>{path} 由更新版本的 LearnPath 写入（数据库结构版本 {revision}）；请升级 LearnPath 后再恢复。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>is empty (zero bytes)</source>
        <translation>是空文件（0 字节）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>is not an SQLite database</source>
        <translation>不是 SQLite 数据库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>is truncated ({size} bytes)</source>
        <translation>不完整（只有 {size} 字节）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>has a damaged header</source>
        <translation>的文件头已损坏</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>is truncated ({size} bytes is not a whole number of pages)</source>
        <translation>不完整（{size} 字节不是整数个数据页）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>is truncated ({size} of {expected} bytes)</source>
        <translation>不完整（应有 {expected} 字节，只有 {size} 字节）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>is corrupt ({detail})</source>
        <translation>已损坏（{detail}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>has a damaged schema version table (alembic_version holds {held})</source>
        <translation>的结构版本表已损坏（alembic_version 中为 {held}）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>not a database file</source>
        <translation>不是数据库文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the database image is malformed</source>
        <translation>数据库映像已损坏</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>a folder</source>
        <translation>一个文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a FIFO (named pipe)</source>
        <translation>一个 FIFO（命名管道）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a device</source>
        <translation>一个设备</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a socket</source>
        <translation>一个套接字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not a regular file</source>
        <translation>非普通文件</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>permission denied</source>
        <translation>权限不足</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>operation not permitted</source>
        <translation>不允许此操作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no such file or folder</source>
        <translation>文件或文件夹不存在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a file of that name is in the way</source>
        <translation>已有同名文件挡住</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it is a folder</source>
        <translation>它是一个文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a part of the path is not a folder</source>
        <translation>路径中有一部分不是文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a folder of that name is in the way</source>
        <translation>已有同名文件夹挡住</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the file system is read-only</source>
        <translation>文件系统为只读</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the disk is full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>disk I/O error</source>
        <translation>磁盘读写错误</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the file is in use</source>
        <translation>文件正被占用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it is on another drive</source>
        <translation>它在另一个磁盘上</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the name is too long</source>
        <translation>名称太长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>too many symbolic links</source>
        <translation>符号链接层数过多</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>concept</source>
        <translation>概念</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../tracker/ui/export_dialog.py" line="+137"/>
        <location line="+113"/>
        <location line="+8"/>
        <location line="+13"/>
        <source>Export Progress</source>
        <translation>导出进度</translation>
    </message>
    <message>
        <location line="-122"/>
        <source>Markdown (.md)</source>
        <translation>Markdown (.md)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Web page (.html)</source>
        <translation>网页 (.html)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF (.pdf)</source>
        <translation>PDF (.pdf)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Spreadsheet (.csv)</source>
        <translation>电子表格 (.csv)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JSON backup (.json)</source>
        <translation>JSON 备份 (.json)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All stages</source>
        <translation>全部阶段</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Include notes</source>
        <translation>包含笔记</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Short summary for a mentor</source>
        <translation>导师简报（一页）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>One page: stages in progress and the last two weeks, no tasks still to do</source>
        <translation>一页：进行中的阶段和最近两周的学习，不列出待办任务</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stages:</source>
        <translation>阶段：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>%1 files (*%2)</source>
        <translation>%1 文件 (*%2)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The summary was saved.</source>
        <translation>进度摘要已保存。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open File</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show Folder</source>
        <translation>显示所在文件夹</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The summary could not be saved:
%1</source>
        <translation>无法保存进度摘要：
%1</translation>
    </message>
</context>
<context>
    <name>FirstRunBanner</name>
    <message>
        <location filename="../../tracker/ui/header.py" line="+48"/>
        <location line="+1"/>
        <source>Close this hint</source>
        <translation>关闭此提示</translation>
    </message>
</context>
<context>
    <name>FirstRunHint</name>
    <message>
        <location filename="../../tracker/ui/first_run.py" line="+46"/>
        <source>New here? Start with {stage}: read a concept on the left, then tick a task when you finish it (click its box or press Space).</source>
        <translation>第一次使用？从{stage}开始：先阅读左侧的概念，学完一项任务就把它勾上（点击方框或按空格键）。</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <location filename="../../tracker/ui/history.py" line="+185"/>
        <source>{date} · {minutes} min · {item}</source>
        <translation>{date} · {minutes} 分钟 · {item}</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>All stages</source>
        <translation>所有阶段</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Finished.</source>
        <translation>已完成。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Projected finish at your real pace: {date}</source>
        <translation>按你的实际进度预计完成：{date}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No projection yet: log some study time.</source>
        <translation>暂无预测：先记录一些学习时间。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Target: {date}</source>
        <translation>目标：{date}</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>marked “{task}” {status}</source>
        <translation>将“{task}”标为{status}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>edited the note on “{item}”</source>
        <translation>编辑了“{item}”的笔记</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>set the target of {stage} to {date}</source>
        <translation>将{stage}的目标日期设为 {date}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>cleared the target of {stage}</source>
        <translation>清除了{stage}的目标日期</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>re-planned the target dates</source>
        <translation>重新规划了目标日期</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>deleted {minutes} min on “{item}”</source>
        <translation>删除了“{item}”上的 {minutes} 分钟</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>changed the time on “{item}” to {minutes} min</source>
        <translation>把“{item}”上的时间改为 {minutes} 分钟</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>studied “{item}” for {minutes} min</source>
        <translation>学习“{item}” {minutes} 分钟</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{date}: {minutes} min, {done} done</source>
        <translation>{date}：{minutes} 分钟，完成 {done} 项</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The last 12 months (colour: minutes, or tasks done)</source>
        <translation>最近 12 个月（颜色：学习分钟数，或完成的任务数）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hours per week, last 12 weeks</source>
        <translation>每周学时（最近 12 周）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remaining hours:</source>
        <translation>剩余学时：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Activity log</source>
        <translation>活动记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time entries</source>
        <translation>时间记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Time against estimates</source>
        <translation>时间与预估对照</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Logged (h)</source>
        <translation>已记录（学时）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Estimate (h)</source>
        <translation>预估（学时）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Every kind</source>
        <translation>所有类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Statuses</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Study time</source>
        <translation>学习时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes</source>
        <translation>笔记</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Plans</source>
        <translation>计划</translation>
    </message>
</context>
<context>
    <name>Hours</name>
    <message>
        <location filename="../../tracker/ui/texts.py" line="-15"/>
        <source>{hours} h</source>
        <translation>{hours} 学时</translation>
    </message>
</context>
<context>
    <name>ImportChoiceDialog</name>
    <message>
        <location filename="../../tracker/ui/import_choice.py" line="+37"/>
        <source>Import Backup</source>
        <translation>导入备份</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The profile “%1” already has progress. Importing this file would change it:</source>
        <translation>档案“%1”已有学习进度。导入此文件会改变以下内容：</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Merge (keep the newer of each)</source>
        <translation>合并(&amp;M)（逐项保留较新的）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Replace with the file</source>
        <translation>用文件替换(&amp;R)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>New from the file</source>
        <translation>文件中新增</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Newer in the file</source>
        <translation>文件中较新</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Newer here</source>
        <translation>本机较新</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The same</source>
        <translation>相同</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Task states</source>
        <translation>任务状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes</source>
        <translation>笔记</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Plans</source>
        <translation>计划</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>1 item is newer here. Replace overwrites it with the file&apos;s older value; Merge keeps it.</source>
        <translation>本机有 1 项比文件中的新。替换会用文件中较旧的内容覆盖它；合并会保留它。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 items are newer here. Replace overwrites them with the file&apos;s older values; Merge keeps them.</source>
        <translation>本机有 %1 项比文件中的新。替换会用文件中较旧的内容覆盖它们；合并会保留它们。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Nothing here is newer than in the file.</source>
        <translation>本机没有比文件更新的内容。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A backup of the database is taken first: File → Restore from Backup… undoes the import.</source>
        <translation>导入前会先备份数据库：通过“文件 → 从备份恢复…”可以撤销这次导入。</translation>
    </message>
</context>
<context>
    <name>ImportProgress</name>
    <message>
        <location filename="../../tracker/ui/export_dialog.py" line="+45"/>
        <location line="+29"/>
        <location line="+21"/>
        <source>Import Progress</source>
        <translation>导入学习进度</translation>
    </message>
    <message>
        <location line="-48"/>
        <source>LearnPath backups (*.json);;All files (*)</source>
        <translation>LearnPath 备份 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>The import failed unexpectedly:
%1</source>
        <translation>导入意外失败：
%1</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>This file cannot be imported:
%1</source>
        <translation>无法导入此文件：
%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Restore into the profile named:</source>
        <translation>恢复到以下名称的档案：</translation>
    </message>
    <message>
        <location filename="../../tracker/ui/import_flow.py" line="+101"/>
        <source>Nothing changed in “%1”: it already held everything in the file.</source>
        <translation>“%1”没有变化：文件中的内容它都已经有了。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>1 task state</source>
        <translation>1 个任务状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 task states</source>
        <translation>%1 个任务状态</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 note</source>
        <translation>1 条笔记</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 notes</source>
        <translation>%1 条笔记</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 plan</source>
        <translation>1 个计划</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 plans</source>
        <translation>%1 个计划</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Restored %1, %2 and %3 into “%4”.</source>
        <translation>已将 %1、%2 和 %3 恢复到“%4”。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A backup of the database was taken first (%1). To undo the import, choose it in File → Restore from Backup…</source>
        <translation>导入前已备份数据库（%1）。要撤销这次导入，请在“文件 → 从备份恢复…”中选择它。</translation>
    </message>
</context>
<context>
    <name>JoinDialog</name>
    <message>
        <location filename="../../tracker/ui/cohort_sync.py" line="-319"/>
        <source>Join a Cohort</source>
        <translation>加入学习小组</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Test Connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Server URL:</source>
        <translation>服务器地址：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Join</source>
        <translation>加入</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Connected as {role}.</source>
        <translation>已连接，身份为 {role}。</translation>
    </message>
</context>
<context>
    <name>KeptProgress</name>
    <message>
        <location filename="../../tracker/ui/orphans_view.py" line="+43"/>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Concept</source>
        <translation>概念</translation>
    </message>
    <message>
        <location line="+340"/>
        <source>No longer in the curriculum</source>
        <translation>已不在课程中</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>No Longer in the Curriculum…</source>
        <translation>已不在课程中的内容…</translation>
    </message>
</context>
<context>
    <name>KeptProgressDialog</name>
    <message>
        <location line="-285"/>
        <source>No longer in the curriculum</source>
        <translation>已不在课程中</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>These items have left the curriculum. Their progress and notes are kept, and come back if the items return. Titles are shown as you last saw them.</source>
        <translation>这些条目已从课程中移除。它们的进度和笔记都已保留；条目回到课程时会重新关联。标题显示为你最后一次看到的样子。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Title (as last seen)</source>
        <translation>标题（最后所见）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Changed</source>
        <translation>更改于</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Note</source>
        <translation>笔记</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Discard…</source>
        <translation>丢弃(&amp;D)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>Discard the kept progress and notes of {count} item(s) no longer in the curriculum? A copy is written to {path} first.</source>
        <translation>要丢弃 {count} 个已不在课程中的条目所保留的进度和笔记吗？丢弃前会先把副本写入 {path}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Discard kept progress</source>
        <translation>丢弃保留的进度</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+11"/>
        <source>Nothing was discarded</source>
        <translation>没有丢弃任何内容</translation>
    </message>
</context>
<context>
    <name>KeptProgressEntry</name>
    <message>
        <location line="+91"/>
        <source>No longer in the curriculum ({count})</source>
        <translation>已不在课程中（{count}）</translation>
    </message>
</context>
<context>
    <name>Kind</name>
    <message>
        <location filename="../../tracker/ui/texts.py" line="-8"/>
        <source>Practice</source>
        <translation>实践</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Topic</source>
        <translation>知识点</translation>
    </message>
</context>
<context>
    <name>Loading</name>
    <message>
        <location filename="../../tracker/ui/loading.py" line="+54"/>
        <source>Loading {name}…</source>
        <translation>正在加载{name}…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../tracker/ui/main_window.py" line="+479"/>
        <source>LearnPath — {profile}</source>
        <translation>LearnPath — {profile}</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>Could not change the task</source>
        <translation>无法更改该任务</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Could not set the target date</source>
        <translation>无法设置目标日期</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Could not undo</source>
        <translation>无法撤销</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Could not redo</source>
        <translation>无法重做</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Could not switch profile</source>
        <translation>无法切换档案</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Profile removed</source>
        <translation>档案已被删除</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The profile “{old}” was removed by another program. Now showing “{new}”.</source>
        <translation>档案“{old}”已被另一个程序删除。现在显示“{new}”。</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>Profile</source>
        <translation>档案</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Note not saved</source>
        <translation>笔记未保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your last note could not be saved. Close anyway and lose it?</source>
        <translation>最后一条笔记未能保存。仍要关闭并丢弃它吗？</translation>
    </message>
</context>
<context>
    <name>NoteConflictBar</name>
    <message>
        <location filename="../../tracker/ui/note_conflict.py" line="+70"/>
        <source>This note was changed by another program while you were editing it. Both versions are kept: yours is in the editor, theirs is saved. Choose what to keep.</source>
        <translation>你编辑这条笔记时，另一个程序修改了它。两个版本都已保留：你的在编辑器里，对方的已保存。请选择要保留的内容。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Show theirs</source>
        <translation>查看对方版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep both</source>
        <translation>两者都保留</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep mine</source>
        <translation>保留我的</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use theirs</source>
        <translation>使用对方版本</translation>
    </message>
</context>
<context>
    <name>NotesPane</name>
    <message>
        <location filename="../../tracker/ui/notes.py" line="+205"/>
        <source>Note not saved</source>
        <translation>笔记未保存</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your note could not be saved. Discard it and go on? Choose No to keep editing it.</source>
        <translation>无法保存你的笔记。要放弃它并继续吗？选择“否”可继续编辑。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>The note belongs to another profile or curriculum than the one in use.</source>
        <translation>这条笔记属于另一个档案或课程，而不是当前使用的。</translation>
    </message>
    <message>
        <location line="+153"/>
        <source>The other program&apos;s version</source>
        <translation>另一个程序的版本</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Version saved by another program:</source>
        <translation>另一个程序保存的版本：</translation>
    </message>
    <message>
        <location line="+97"/>
        <source>Write</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your notes, in Markdown. They are saved as you type.</source>
        <translation>在这里用 Markdown 写笔记，输入时会自动保存。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Note</source>
        <translation>笔记</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note preview</source>
        <translation>笔记预览</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes</source>
        <translation>笔记</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Select a stage, task or concept to take notes.</source>
        <translation>选择一个阶段、任务或概念来记笔记。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Notes on {item}</source>
        <translation>关于{item}的笔记</translation>
    </message>
</context>
<context>
    <name>OpenCohortDialog</name>
    <message>
        <location filename="../../tracker/ui/cohort_window.py" line="+14"/>
        <source>Open a Cohort</source>
        <translation>打开学习小组</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Mentor URL:</source>
        <translation>导师地址：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cohort:</source>
        <translation>学习小组：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
</context>
<context>
    <name>Pace</name>
    <message>
        <location filename="../../tracker/ui/texts.py" line="-12"/>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ahead</source>
        <translation>超前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On track</source>
        <translation>按计划</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Behind</source>
        <translation>落后</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
</context>
<context>
    <name>PlanPanel</name>
    <message>
        <location filename="../../tracker/ui/plan.py" line="+194"/>
        <source>&amp;Target date:</source>
        <translation>目标日期(&amp;T)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No target</source>
        <translation>未设目标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target date</source>
        <translation>目标日期</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>{pace} — about {hours} h of work left: ≈ {need} at {rate} h/week</source>
        <translation>{pace} — 还剩约 {hours} 学时的学习量：按每周 {rate} 学时计，约需 {need}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{pace} — about {hours} h of work left: ≈ {need} at {rate} h/week, with {left} to the target date</source>
        <translation>{pace} — 还剩约 {hours} 学时的学习量：按每周 {rate} 学时计，约需 {need}，距目标日期还有 {left}</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>%n weeks</source>
        <translation>
            <numerusform>%n 周</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n days</source>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
    <message>
        <location line="+0"/>
        <source>1 day</source>
        <translation>1 天</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Set target…</source>
        <translation>设定目标…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set a target date</source>
        <translation>设定目标日期</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a date by which you mean to finish this stage.</source>
        <translation>选一个你打算完成本阶段的日期。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear target date</source>
        <translation>清除目标日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove this stage&apos;s target date.</source>
        <translation>清除本阶段的目标日期。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Pace assumes {rate} hours of study a week. Ahead: the work left fits in {share}% of the time to the target date; behind: it does not fit at all.</source>
        <translation>进度按每周学习 {rate} 学时估算。超前：剩余学习量在到目标日期前可用时间的 {share}% 以内就能完成；落后：到目标日期前完成不了。</translation>
    </message>
    <message>
        <location line="-74"/>
        <source>{pace} — about {hours} h of work left</source>
        <translation>{pace} — 还剩约 {hours} 学时的学习量</translation>
    </message>
</context>
<context>
    <name>ProfileSwitcher</name>
    <message>
        <location filename="../../tracker/ui/profiles.py" line="+49"/>
        <source>&amp;Profile:</source>
        <translation>档案(&amp;P)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Profile</source>
        <translation>档案</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Could not switch profile</source>
        <translation>无法切换档案</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>New profile</source>
        <translation>新建档案</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name of the new profile:</source>
        <translation>新档案的名称：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Could not add the profile</source>
        <translation>无法添加档案</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Rename profile</source>
        <translation>重命名档案</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Could not rename the profile</source>
        <translation>无法重命名档案</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+12"/>
        <source>Could not remove the profile</source>
        <translation>无法删除档案</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>This is the only profile; add another one first.</source>
        <translation>这是唯一的档案；请先添加另一个档案。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Remove the profile “{name}” with all its progress and notes? This cannot be undone.</source>
        <translation>要删除档案“{name}”及其全部进度和笔记吗？此操作无法撤销。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove profile</source>
        <translation>删除档案</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../../tracker/ui/i18n.py" line="+44"/>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>ReplanDialog</name>
    <message>
        <location filename="../../tracker/ui/study_dialogs.py" line="+108"/>
        <source>Re-plan from today</source>
        <translation>从今天起重新规划</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Current target</source>
        <translation>当前目标</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Proposed</source>
        <translation>建议</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>New target dates from your hours per week (one undo takes them back):</source>
        <translation>按你每周的学习时长算出的新目标日期（一次撤销即可全部恢复）：</translation>
    </message>
</context>
<context>
    <name>Resources</name>
    <message>
        <location filename="../../tracker/ui/task_details.py" line="+34"/>
        <source>Paper</source>
        <translation>论文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Book</source>
        <translation>书籍</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case study</source>
        <translation>案例</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Software</source>
        <translation>软件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Website</source>
        <translation>网站</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{authors} et al.</source>
        <translation>{authors} 等</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <location filename="../../tracker/ui/restore_dialog.py" line="+60"/>
        <location line="+133"/>
        <source>Restore from Backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <location line="-128"/>
        <source>Backups of every profile, made when LearnPath closes, every few hours while it is open, and before an import, a restore or an upgrade. Restoring one replaces the current data; a backup of it is taken first, so a restore can be undone here too.</source>
        <translation>包含所有档案的备份：在 LearnPath 关闭时、运行期间每隔几小时，以及导入、恢复或升级之前自动创建。恢复某个备份会替换当前数据；恢复前会先备份当前数据，因此恢复操作也可以在这里撤销。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Made</source>
        <translation>创建时机</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Profiles</source>
        <translation>档案</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No backups yet.</source>
        <translation>还没有备份。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Back Up Now</source>
        <translation>立即备份(&amp;B)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Restore…</source>
        <translation>恢复(&amp;R)…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>On closing</source>
        <translation>关闭时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>While open</source>
        <translation>运行期间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By hand</source>
        <translation>手动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Before an import</source>
        <translation>导入前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Before a restore</source>
        <translation>恢复前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Before an upgrade</source>
        <translation>升级前</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cannot be read: %1</source>
        <translation>无法读取：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No profiles</source>
        <translation>没有档案</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 — states: %2, notes: %3, plans: %4</source>
        <translation>%1 — 状态 %2，笔记 %3，计划 %4</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Waiting for another program…</source>
        <translation>正在等待另一个程序…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Back Up Now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Replace all current progress, notes and plans with the backup from %1? A backup of the current data is taken first, so this can be undone.</source>
        <translation>要用 %1 的备份替换当前所有进度、笔记和计划吗？恢复前会先备份当前数据，因此可以撤销。</translation>
    </message>
</context>
<context>
    <name>ReviewMenu</name>
    <message>
        <location filename="../../tracker/ui/due_delegate.py" line="+32"/>
        <source> · {n} due</source>
        <translation> · {n} 张待复习</translation>
    </message>
    <message>
        <location filename="../../tracker/ui/review_settings.py" line="+28"/>
        <source>Review Settings</source>
        <translation>复习设置</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>&amp;Desired retention:</source>
        <translation>目标记忆保持率(&amp;D)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New cards per day:</source>
        <translation>每日新卡片数(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../../tracker/ui/review_menu.py" line="+122"/>
        <source>Re&amp;view</source>
        <translation>复习(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Add Card…</source>
        <translation>添加卡片(&amp;A)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review &amp;Settings…</source>
        <translation>复习设置(&amp;S)…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Review</source>
        <translation>复习(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Review ({n})</source>
        <translation>复习(&amp;R)（{n}）</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>Could not read the settings</source>
        <translation>无法读取设置</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Could not save the settings</source>
        <translation>无法保存设置</translation>
    </message>
</context>
<context>
    <name>ReviewStatsPanel</name>
    <message>
        <location filename="../../tracker/ui/review_stats.py" line="+87"/>
        <source>Retention over the last 30 days: no reviews yet</source>
        <translation>近 30 天记忆保持率：尚无复习</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Retention over the last 30 days: {share} % of {reviews} reviews</source>
        <translation>近 30 天记忆保持率：{share} %（共 {reviews} 次复习）</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Review</source>
        <translation>复习</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cards</source>
        <translation>卡片</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Learned</source>
        <translation>已学习</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Mature</source>
        <translation>已熟记</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cards available to review</source>
        <translation>可复习的卡片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cards reviewed at least once</source>
        <translation>至少复习过一次的卡片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cards remembered for three weeks or more</source>
        <translation>记忆能保持三周及以上的卡片</translation>
    </message>
</context>
<context>
    <name>ReviewWindow</name>
    <message>
        <location filename="../../tracker/ui/review_window.py" line="+52"/>
        <source>Again</source>
        <translation>重来</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hard</source>
        <translation>困难</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Good</source>
        <translation>良好</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Easy</source>
        <translation>简单</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&lt;1 min</source>
        <translation>&lt;1 分钟</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} min</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} h</source>
        <translation>{n} 小时</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} d</source>
        <translation>{n} 天</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} mo</source>
        <translation>{n} 个月</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} y</source>
        <translation>{n} 年</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{due} due · {new} new</source>
        <translation>{due} 张到期 · {new} 张新卡</translation>
    </message>
    <message>
        <location line="+134"/>
        <source>Review</source>
        <translation>复习</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show answer (Space)</source>
        <translation>显示答案（空格）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Space: show the answer · 1–4: grade · Ctrl+Z: undo the last grade · Esc: close</source>
        <translation>空格：显示答案 · 1–4：评分 · Ctrl+Z：撤销上一次评分 · Esc：关闭</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Could not read the review cards</source>
        <translation>无法读取复习卡片</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Could not count the cards</source>
        <translation>无法统计卡片</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Your card · {item}</source>
        <translation>你的卡片 · {item}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Could not schedule the card</source>
        <translation>无法安排这张卡片</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Could not save the grade</source>
        <translation>无法保存评分</translation>
    </message>
    <message>
        <location line="+48"/>
        <location line="+8"/>
        <source>Could not undo</source>
        <translation>无法撤销</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Nothing to review now. Well done!</source>
        <translation>现在没有要复习的卡片，做得好！</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Done for now.

You reviewed 1 card; you will see it again soon.</source>
        <translation>本轮复习完成。

你复习了 1 张卡片，稍后会再看到它。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Done for now.

You reviewed 1 card and remembered it.</source>
        <translation>本轮复习完成。

你复习了 1 张卡片，并且记住了。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Done for now.

You reviewed {n} cards and remembered {share} % of them ({again} to see again soon).</source>
        <translation>本轮复习完成。

你复习了 {n} 张卡片，记住了其中的 {share} %（{again} 张稍后再看）。</translation>
    </message>
</context>
<context>
    <name>SearchPalette</name>
    <message>
        <location filename="../../tracker/ui/search_palette.py" line="+260"/>
        <source>Search stages, tasks, concepts, resources and notes…</source>
        <translation>搜索阶段、任务、概念、资料和笔记…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>↑↓ to move · Enter to open · Ctrl+Enter to tick a task · Esc to close</source>
        <translation>↑↓ 选择 · Enter 打开 · Ctrl+Enter 勾选任务 · Esc 关闭</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Could not search</source>
        <translation>无法搜索</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Nothing found for “{query}”</source>
        <translation>没有找到与“{query}”相关的内容</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Module</source>
        <translation>模块</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Concept</source>
        <translation>概念</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resource</source>
        <translation>资料</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>笔记</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Card</source>
        <translation>卡片</translation>
    </message>
</context>
<context>
    <name>StageHeader</name>
    <message>
        <location filename="../../tracker/ui/header.py" line="+61"/>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stage goal</source>
        <translation>阶段目标</translation>
    </message>
</context>
<context>
    <name>StageList</name>
    <message>
        <location filename="../../tracker/ui/delegates.py" line="+200"/>
        <source>{done}/{total}</source>
        <translation>{done}/{total}</translation>
    </message>
    <message>
        <location filename="../../tracker/ui/texts.py" line="+23"/>
        <source>Stage {order}: {title}</source>
        <translation>阶段 {order}：{title}</translation>
    </message>
</context>
<context>
    <name>StageNavigator</name>
    <message>
        <location filename="../../tracker/ui/navigator.py" line="+147"/>
        <source>Overall progress</source>
        <translation>总体进度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Stages</source>
        <translation>阶段(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stages</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Overall: {counts}</source>
        <translation>总体：{counts}</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <location filename="../../tracker/ui/texts.py" line="-39"/>
        <source>To do</source>
        <translation>待办</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message>
        <location filename="../../tracker/ui/status_line.py" line="+24"/>
        <source>Marked “{task}” as {status}</source>
        <translation>已将“{task}”标记为{status}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Target date for {stage}: {date}</source>
        <translation>{stage}的目标日期：{date}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cleared the target date for {stage}</source>
        <translation>已清除{stage}的目标日期</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Saved note on {item} at {time}</source>
        <translation>{time} 已保存关于{item}的笔记</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Could not save the note; it is kept here and will be retried: {error}</source>
        <translation>笔记未能保存；内容仍保留在此处，稍后会自动重试：{error}</translation>
    </message>
</context>
<context>
    <name>StudyDialogs</name>
    <message>
        <location filename="../../tracker/ui/study_dialogs.py" line="+53"/>
        <source>A study session was left running</source>
        <translation>有一段学习计时未结束</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The timer on “{what}” was still running when LearnPath last closed.</source>
        <translation>上次关闭 LearnPath 时，“{what}”的计时仍在进行。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Started {started}; last seen {seen}. Keep it up to now, trim it to when it was last seen, or discard it?</source>
        <translation>开始于 {started}；最后记录于 {seen}。计到现在、截到最后记录的时间，还是丢弃？</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Keep up to now</source>
        <translation>计到现在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trim to last seen</source>
        <translation>截到最后记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
</context>
<context>
    <name>StudySettingsDialog</name>
    <message>
        <location line="-56"/>
        <source>Study settings</source>
        <translation>学习设置</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Hours per week:</source>
        <translation>每周学时：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Daily goal (minutes):</source>
        <translation>每日目标（分钟）：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A day counts for the streak from (minutes):</source>
        <translation>一天计入连续学习的最少分钟数：</translation>
    </message>
</context>
<context>
    <name>StudyTimer</name>
    <message>
        <location filename="../../tracker/ui/study_timer.py" line="+220"/>
        <source>{time} (paused)</source>
        <translation>{time}（已暂停）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Pause Timer</source>
        <translation>暂停计时</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resume Timer</source>
        <translation>继续计时</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start Timer</source>
        <translation>开始计时</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+1"/>
        <source>Stop Timer</source>
        <translation>停止计时</translation>
    </message>
</context>
<context>
    <name>TaskDetails</name>
    <message>
        <location filename="../../tracker/ui/task_details.py" line="+90"/>
        <source>Task details</source>
        <translation>任务详情</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Select a task to see its details and concepts.</source>
        <translation>选择一项任务，查看详情和相关概念。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Concepts:</source>
        <translation>相关概念：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reading:</source>
        <translation>延伸阅读：</translation>
    </message>
</context>
<context>
    <name>TimeEntryDialog</name>
    <message>
        <location filename="../../tracker/ui/study_dialogs.py" line="-103"/>
        <source>Log study time</source>
        <translation>记录学习时间</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>45m, 1h30m, 1.5h or minutes</source>
        <translation>45m、1h30m、1.5h 或分钟数</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Time:</source>
        <translation>时长：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On:</source>
        <translation>内容：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Day:</source>
        <translation>日期：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <location filename="../../tracker/ui/today.py" line="+200"/>
        <source>Start the timer on this task</source>
        <translation>为这个任务开始计时</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Mark as done</source>
        <translation>标为完成</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Nothing left to do here. Well done!</source>
        <translation>这里没有待办了，干得好！</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Today: {minutes}</source>
        <translation>今天：{minutes}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Streak: {days}</source>
        <translation>连续学习：{days}</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+19"/>
        <source>Reviews due: {count}</source>
        <translation>待复习：{count}</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>Pace</source>
        <translation>进度</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Today: {minutes} of {goal} min</source>
        <translation>今天：{minutes} / {goal} 分钟</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Streak: {days} (longest {longest})</source>
        <translation>连续学习：{days}（最长 {longest}）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Pace: nothing logged in the last four weeks</source>
        <translation>进度：最近四周没有记录</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Pace: {rate} h/week over the last four weeks (plan: {plan} h/week)</source>
        <translation>进度：最近四周每周 {rate} 学时（计划每周 {plan} 学时）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Every stage is finished.</source>
        <translation>所有阶段都已完成。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1 day</source>
        <translation>1 天</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} days</source>
        <translation>{n} 天</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{stage}: {hours} h left; log time to see when it finishes</source>
        <translation>{stage}：还剩 {hours} 学时；记录学习时间后即可看到预计完成日期</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{stage} finishes on {date}</source>
        <translation>{stage} 预计于 {date} 完成</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>, {n} weeks after its target</source>
        <translation>，比目标晚 {n} 周</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, a week after its target</source>
        <translation>，比目标晚一周</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, {n} days after its target</source>
        <translation>，比目标晚 {n} 天</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, a day after its target</source>
        <translation>，比目标晚一天</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, in time for its target</source>
        <translation>，能赶上目标日期</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next up</source>
        <translation>接下来</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log Time…</source>
        <translation>记录时间…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re-plan from Today…</source>
        <translation>从今天起重新规划…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Study Settings…</source>
        <translation>学习设置…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How many hours a week can you study? Target dates, the plan&apos;s pace and re-planning use it (you can change it later).</source>
        <translation>你每周能学习多少小时？目标日期、计划进度和重新规划都会用到它（以后可以修改）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> h/week</source>
        <translation> 学时/周</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
</context>
<context>
    <name>UndoGuard</name>
    <message>
        <location filename="../../tracker/ui/undo_guard.py" line="+77"/>
        <source>“{task}” back to {status}</source>
        <translation>“{task}”恢复为{status}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>target date of “{stage}” back to {date}</source>
        <translation>“{stage}”的目标日期恢复为 {date}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>target date of “{stage}” cleared again</source>
        <translation>再次清除“{stage}”的目标日期</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Your last change is waiting for another program to finish; undo or redo once it is saved</source>
        <translation>你的上一个更改正在等待另一个程序完成写入；保存后再撤销或重做</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Nothing to redo</source>
        <translation>没有可重做的操作</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Nothing to undo</source>
        <translation>没有可撤销的操作</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The last change is on an item that is no longer in the curriculum: {what}. Its kept progress would change where you cannot see it. Do it anyway?</source>
        <translation>最近的更改涉及一个已不在课程中的条目：{what}。它保留的进度会在你看不到的地方被改变。仍要执行吗？</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The last change was not made in this window (another program or an earlier session made it): {what}. Do it anyway?</source>
        <translation>最近的更改不是在这个窗口中做的（来自另一个程序或之前的会话）：{what}。仍要执行吗？</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Redo a change made elsewhere?</source>
        <translation>重做别处做的更改？</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Undo a change made elsewhere?</source>
        <translation>撤销别处做的更改？</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing was redone</source>
        <translation>没有重做任何操作</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Nothing was undone</source>
        <translation>没有撤销任何操作</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>That change was replaced meanwhile by another program; nothing was done</source>
        <translation>该更改已被另一个程序替换，未做任何操作</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Redid: {what}</source>
        <translation>已重做：{what}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Undid: {what}</source>
        <translation>已撤销：{what}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Waiting for another program…</source>
        <translation>正在等待另一个程序…</translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <location filename="../../tracker/ui/widgets.py" line="+196"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Profile</source>
        <translation>档案(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open Curriculum…</source>
        <translation>打开课程(&amp;O)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Import Backup…</source>
        <translation>导入备份(&amp;I)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restore from &amp;Backup…</source>
        <translation>从备份恢复(&amp;B)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Check Database</source>
        <translation>检查数据库(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Filter Tasks</source>
        <translation>筛选任务(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show &amp;Notes</source>
        <translation>显示笔记(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;System</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;New Profile…</source>
        <translation>新建档案(&amp;N)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Rename Profile…</source>
        <translation>重命名档案(&amp;R)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;move Profile…</source>
        <translation>删除档案(&amp;M)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About LearnPath</source>
        <translation>关于 LearnPath(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Where Is My Data?</source>
        <translation>我的数据在哪里？(&amp;W)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mark Done / To Do</source>
        <translation>标记为完成 / 待办</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mark To Do</source>
        <translation>标记为待办</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mark In Progress</source>
        <translation>标记为进行中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mark Done</source>
        <translation>标记为完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mark Skipped</source>
        <translation>标记为跳过</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Set by LEARNPATH_THEME</source>
        <translation>已由 LEARNPATH_THEME 环境变量指定</translation>
    </message>
</context>
<context>
    <name>WriteFeedback</name>
    <message>
        <location filename="../../tracker/ui/review_window.py" line="-42"/>
        <location filename="../../tracker/ui/write_queue.py" line="+237"/>
        <source>Waiting for another program…</source>
        <translation>正在等待另一个程序…</translation>
    </message>
    <message>
        <location filename="../../tracker/ui/write_queue.py" line="+15"/>
        <source>Your change was not saved</source>
        <translation>你的更改未能保存</translation>
    </message>
</context>
</TS>
