"""The one Chinese label map: every name a person sees, for the dashboard, exports and messages."""

STATUS = {
    "done": "按期完成",
    "done_late": "逾期完成",
    "pending_signoff": "待销号",
    "overdue": "已逾期",
    "at_risk": "有风险",
    "on_track": "正常推进",
    "no_deadline": "未设期限",
}
# The 三色预警 of the offices' own supervision systems: the light says what needs doing.
# Red: act now (past the deadline, not finished). Yellow: act soon (behind the time gone, or
# reported done and waiting for a manager's 销号). Green: nothing to chase (on course, or
# finished). Grey: no deadline, so no light at all.
# 逾期完成 is green, not red: it is finished and nobody can chase it any more; a red cell would
# send people after work that is over. The lateness is not lost: the label says 逾期完成, its
# shade is a yellow-green apart from 按期完成's dark green, and the unit ranking counts it as late.
STATUS_LIGHT = {
    "overdue": "red",
    "at_risk": "yellow",
    "pending_signoff": "yellow",
    "on_track": "green",
    "done": "green",
    "done_late": "green",
    "no_deadline": "grey",
}
# The one colour map: every table cell, card and chart that shows a status takes its colour here.
# Each status has a shade of its light, so two statuses of one light still part in a stacked bar.
STATUS_COLOUR = {
    "overdue": "#d32f2f",  # red
    "at_risk": "#f9a825",  # dark yellow
    "pending_signoff": "#fdd835",  # light yellow
    "on_track": "#66bb6a",  # light green
    "done": "#2e7d32",  # dark green
    "done_late": "#689f38",  # yellow-green: finished, but late
    "no_deadline": "#9e9e9e",  # grey
}
STATUS_COLOURS = STATUS_COLOUR  # the name before issue 11, for code not yet moved over
LIGHT_COLOUR = {"red": "#d32f2f", "yellow": "#f9a825", "green": "#2e7d32", "grey": "#9e9e9e"}
LIGHT = {"red": "红灯", "yellow": "黄灯", "green": "绿灯", "grey": "无灯"}
# Most urgent first: what a list or a legend shows from the top.
STATUS_ORDER = ["overdue", "at_risk", "pending_signoff", "on_track", "no_deadline", "done_late", "done"]
# Words people type for a group of statuses (export --status 已完成): both kinds of done.
STATUS_GROUP = {"已完成": ("done", "done_late")}
# Statuses that need no more work: never counted as due, never shown as 逾期 N 天.
FINISHED = frozenset({"done", "done_late"})
# Statuses with work still to be reported: due-soon and overdue lists take only these.
OPEN = frozenset({"overdue", "at_risk", "on_track"})

REVIEW = {
    "extracted": "待审核",
    "confirmed": "已确认",
    "rejected": "已驳回",
    "manual": "人工录入",
}

ROLE = {
    "manager": "管理人员",
    "staff": "工作人员",
    "viewer": "查看人员",
}

# The mark beside a deadline a person set by hand; the article's words (期限原文, "全年") stay beside it.
# (Rows changed before issue 11 had their words replaced by this mark; the store reads them back from the audit log.)
DEADLINE_TEXT_BY_HAND = "人工修改"

# The 审核 page's own words (issue 11): confirm several at once, edit a confirmed commitment, undo a rejection.
REVIEW_UI = {
    "deadline_words": "期限原文：{words}",
    "deadline_no_words": "期限原文：（文中没有期限的说法）",
    "deadline_by_hand": "截止日期 {deadline} 为" + DEADLINE_TEXT_BY_HAND + "，文中读出的是 {read}",
    "read_none": "无",
    "bulk_title": "一次确认多条",
    "bulk_pick": "选择要确认的承诺",
    "bulk_help": "选中的承诺一起确认：要么全部确认，要么一条都不改。",
    "bulk_confirm": "确认所选",
    "bulk_confirmed": "已确认所选的 {n} 条承诺。",
    "bulk_none": "请先选择要确认的承诺。",
    "edit_title": "修改已确认的承诺",
    "edit_none": "没有符合的已确认承诺。",
    "edit_find": "查找已确认的承诺（编号或任务中的字）",
    "edit_more": "只列出最新的 {n} 条，其余请用上面的查找。",
    "edit_pick": "选择已确认的承诺",
    "edit_save": "保存修改",
    "rejected_title": "已驳回的承诺",
    "rejected_none": "没有已驳回的承诺。",
    "rejected_pick": "选择已驳回的承诺",
    "undo_to_queue": "撤销驳回，放回待审核",
    "undo_to_confirmed": "撤销驳回并确认",
    "undone_to_queue": "已撤销驳回，承诺回到待审核。",
    "undone_to_confirmed": "已撤销驳回并确认。",
}

# Column names of a commitment, in the order exports and tables show them.
FIELD = {
    "id": "编号",
    "task": "任务",
    "target_value": "目标值",
    "unit": "单位",
    "deadline": "截止日期",
    "deadline_text": "期限原文",
    "status": "状态",
    "progress": "进度",
    "share": "完成率",
    "officials": "责任领导",
    "units": "责任单位",
    "work_area": "工作领域",
    "source": "来源",
    "sentence": "原文",
    "article_title": "文章标题",
    "article_date": "文章日期",
    "review": "审核状态",
    "progress_as_of": "进度日期",
    "note": "备注",
    "by": "填报人",
    "created_at": "记录时间",
}

# 我的任务: the groups a unit's commitments fall in, in the order the page shows them (tracker/tasks.py).
TASK_GROUP = {
    "due_soon": "30天内到期",
    "at_risk": "有风险",
    "overdue": "已逾期",
    "open": "其他在办",
    "pending_signoff": "待销号",
    "done": "已完成",
}

# --- Dashboard --------------------------------------------------------------------------
# Page titles of the dashboard's navigation, keyed by the page module under app/pages/.
PAGE = {
    "login": "登录",
    "overview": "总览",
    "commitments": "承诺清单",
    "detail": "承诺详情",
    "progress": "进度填报",
    "my_tasks": "我的任务",
    "review": "审核",
    "imports": "导入",
    "export": "导出",
    "users": "用户",
    "account": "修改密码",
    "ranking": "单位排名",
}
# Sections of the navigation: what a person came to do.
SECTION = {
    "read": "查看",
    "work": "填报",
    "manage": "管理",
    "account": "账户",
}

# What the audit log says happened, and the fields it names beyond FIELD.
AUDIT_ACTION = {
    "ingest": "导入文章",
    "extract": "自动提取",
    "progress": "填报进度",
    "complete": "标记完成",
    "reopen": "撤销完成",
    "review": "审核",
    "update": "修改",
    "add": "人工录入",
    "add_user": "添加用户",
    "set_role": "修改角色",
    "reset_password": "重置密码",
    "sign_in": "登录",
    "sign_in_failed": "登录失败",
    "sign_in_refused": "拒绝登录",
    "disable_user": "停用账户",
    "enable_user": "启用账户",
    "set_units": "分配责任单位",
    "rename_unit": "单位改名",
    "merge_unit": "合并单位",
    "propose": "读到进度",
    "accept_progress": "采纳进度",
    "reject_progress": "不采纳进度",
    "take_candidate": "候选列为承诺",
    "dismiss_candidate": "忽略候选",
    "remove_demo": "删除示例文章",
    "store_document": "保存原始文件",
}
AUDIT_FIELD = {
    "completed_on": "完成日期",
    "value": "数值",
    "role": "角色",
    "password": "密码",
    "disabled": "停用",
    "start": "起始位置",
    "end": "结束位置",
}

# What the parser read about a document (tracker/extract/records.py: Frame, Section, Candidate).
GENRE = {
    "news": "会议新闻",
    "meeting_news": "会议新闻",
    "work_report": "工作报告",
    "livelihood_list": "民生实事清单",
    "task_table": "任务分解表",
    "implementation_plan": "实施方案",
    "progress_report": "进展情况报告",
}
TENSE = {"plan": "部署（今后）", "review": "回顾（已做）", "progress": "进展（已做多少）", "news": "报道"}
DATE_FROM = {
    "title": "标题",
    "date_line": "日期行",
    "signature": "落款",
    "lead": "导语",
    "file_name": "文件名",
    "ref_date": "人工填写",
    None: "未找到",
}
# Why a sentence with a number or a deadline was not taken as a commitment (Candidate.reason).
CANDIDATE_REASON = {  # the codes of tracker/extract/candidates.py REASONS
    "past_fact": "已完成的事实",
    "progress_reading": "进度读数（目标旁的完成数）",
    "review_section": "回顾部分",
    "table_column": "表格中的进度、单位或备注栏",
    "condition": "条件或门槛（如65岁以上）",
    "list_count": "引出或概括清单的数字",
    "duplicate": "与已采纳承诺重复",
    "no_task": "找不到具体工作",
    "no_cue": "没有承诺用语",
}
# Why a record was taken (Commitment.basis).
BASIS = {"cue": "承诺用语", "plan": "部署部分", "table": "任务表", "progress": "进度行", "lead": "导语",
         "candidate": "候选句子"}
FRAME_FIELD = {"title": "标题", "date": "日期", "date_from": "日期来源", "genre": "文体", "heading": "部分",
               "tense": "性质", "year": "年份", "speaker": "讲话人", "units": "责任单位"}

# Every other word the dashboard shows. Keys are English so code reads in the users' terms.
UI = {
    "app_title": "政策目标追踪",
    "app_subtitle": "从新闻与工作报告中提取的量化承诺，跟踪到完成",
    # sign-in
    "sign_in": "登录",
    "sign_out": "退出登录",
    "user_name": "姓名",
    "password": "密码",
    "password_again": "再次输入密码",
    "bad_login": "姓名或密码不正确。",
    "first_manager_title": "创建第一位管理人员",
    "first_manager_help": "这是一个新的数据库，还没有任何用户。请先创建一位管理人员，之后可在「用户」页添加其他人。"
                          "创建时需要输入启动仪表盘的控制台中打印的一次性验证码；"
                          "也可以在服务器上运行 `python -m tracker users add 姓名 --role manager`。",
    "one_time_code": "一次性验证码",
    "one_time_code_help": "启动仪表盘的控制台（终端或服务日志）中打印的验证码，只能使用一次。",
    "bad_one_time_code": "一次性验证码不正确。请查看启动仪表盘的控制台。",
    "one_time_code_console": "tracker: 数据库 {db} 还没有管理人员。在登录页创建第一位管理人员时输入一次性验证码: {code}"
                             "（或在服务器上运行 python -m tracker users add 姓名 --role manager）",
    "seed_loaded": "已载入 seeds/ 中的示例文章（{n} 条承诺）作为演示数据。",
    "create": "创建",
    "passwords_differ": "两次输入的密码不一致。",
    "name_required": "请填写姓名。",
    "password_required": "请填写密码。",
    "signed_in_as": "当前用户",
    "current_password": "当前密码",
    "must_change_password": "管理人员重置了您的密码。请先设置一个只有您知道的新密码，然后继续使用。",
    "password_changed": "密码已修改。",
    "password_rules": "密码至少 10 个字符，不能与姓名相同，也不能是常见密码（如 123456789a、qwerty123、woaini1314）。",
    "user_disabled": "已停用",
    "user_must_change": "须修改密码",
    "user_state": "状态",
    "user_active": "正常",
    "set_disabled": "停用或启用账户",
    "disable": "停用",
    "enable": "启用",
    "user_disabled_done": "已停用 {name} 的账户。",
    "user_enabled_done": "已启用 {name} 的账户。",
    # filters
    "filters": "筛选",
    "period": "截止日期范围",
    "period_help": "只看截止日期在此范围内的承诺；不选则包括全部（含未设期限的）。",
    "official": "责任领导",
    "unit": "责任单位",
    "work_area": "工作领域",
    "status": "状态",
    "search": "搜索",
    "search_placeholder": "任务、原文、领导或单位中的文字",
    "clear_filters": "清除筛选",
    "all": "全部",
    "select_all": "全选",
    "date_placeholder_year": "年",
    "date_placeholder_month": "月",
    "date_placeholder_day": "日",
    "shown_of": "显示 {shown} / {total} 条",
    # overview
    "kpi_total": "承诺总数",
    "kpi_done": "已完成",
    "kpi_done_help": "按期完成 {on_time} 条，逾期完成 {late} 条",
    "kpi_pending_signoff": "待销号",
    "kpi_on_track": "正常推进",
    "kpi_at_risk": "有风险",
    "kpi_overdue": "已逾期",
    "kpi_due_30": "30天内到期",
    "chart_status": "状态分布",
    "chart_by_official": "按责任领导",
    "chart_by_unit": "按责任单位",
    "chart_by_area": "按工作领域",
    "chart_timeline": "截止日期分布",
    "timeline_window": "时间范围",
    "timeline_window_active": "近期（前90天至后1年）",
    "timeline_window_wide": "前1年至后2年",
    "timeline_window_all": "全部",
    "timeline_outside": "范围外：",
    "timeline_earlier": "更早 {n} 条",
    "timeline_later": "更晚 {n} 条",
    "due_list": "即将到期（30天内）",
    "due_list_empty": "30天内没有到期的承诺。",
    "due_list_more": "共 {n} 条，这里列出最先到期的 {shown} 条；完整清单请到「承诺清单」按截止日期范围筛选。",
    "overdue_list": "已逾期",
    "overdue_list_empty": "没有已逾期的承诺。",
    "overdue_list_more": "共 {n} 条，这里列出最近逾期的 {shown} 条；完整清单请到「承诺清单」按状态筛选。",
    "as_of": "统计日期",
    "today": "今天",
    "count": "数量",
    "no_data": "暂无数据",
    "no_commitments": "还没有承诺。管理人员可在「导入」页导入新闻或报告文本。",
    "no_match": "没有符合筛选条件的承诺。",
    "open_detail": "查看详情",
    "pick_row_hint": "点选表格中的一行可查看该承诺的详情。",
    "not_set": "未设",
    "none_named": "未注明",
    "other": "其他",
    "more": "其余 {n} 项",
    "not_listed": "另有 {n} 项未列出",
    # list and detail
    "days_left": "剩余天数",
    "days_overdue": "逾期 {n} 天",
    "due_today": "今天到期",
    "days_to_go": "还有 {n} 天",
    "choose_commitment": "选择承诺",
    "choose_commitment_help": "可输入任务、领导或单位中的文字查找",
    "in_article": "原文位置",
    "fields": "承诺信息",
    "progress_chart": "进度走势",
    "progress_actual": "实际进度",
    "progress_plan": "计划进度",
    "target": "目标",
    "history": "记录",
    "progress_updates": "进度填报记录",
    "audit_log": "修改记录",
    "no_updates": "还没有进度填报。",
    "no_audit": "没有修改记录。",
    "not_found": "找不到这条承诺。",
    "completed_mark": "已由人工标记为完成",
    "article": "文章",
    "value": "数值",
    "at": "时间",
    "action": "操作",
    "field": "字段",
    "old": "原值",
    "new": "新值",
    "no_number": "（无数值目标）",
    "no_number_card": "无数值",
    "progress_axis": "完成数",
    # progress form
    "progress_form": "填报进度",
    "value_reached": "已完成数值",
    "value_help": "截至填报日期累计达到的数值（与目标同一单位）",
    "progress_as_of": "截至日期",
    "note": "备注",
    "submit": "提交",
    "not_a_number": "「{value}」不是数字，请输入数字，例如 120 或 35.5。",
    "negative": "数值不能为负数。",
    "value_required": "请填写已完成数值。",
    "above_target": "填报数值 {value} 超过目标 {target}，请确认无误。",
    "confirm_above_target": "我确认数值超过目标",
    "future_date": "截至日期不能晚于今天。",
    "saved_progress": "已记录：{task} 达到 {value}{unit}（截至 {as_of}）。",
    "mark_complete": "标记为已完成",
    "mark_incomplete": "撤销完成标记",
    "marked_complete": "已标记为完成。",
    "marked_incomplete": "已撤销完成标记。",
    "no_number_hint": "这条承诺没有数值目标；完成后请标记为已完成。",
    "current_progress": "当前进度",
    "current_status": "当前状态",
    # review
    "review_queue": "待审核的承诺",
    "review_empty": "没有待审核的承诺。",
    "review_count": "共 {n} 条待审核",
    "confirm": "确认",
    "reject": "驳回",
    "save_changes": "保存修改并确认",
    "edit": "修改",
    "confirmed": "已确认。",
    "rejected": "已驳回。",
    "updated": "已保存修改。",
    "add_missing": "补录遗漏的承诺",
    "add_missing_help": "解析未能识别的承诺，可在此人工录入。",
    "add": "添加",
    "added": "已添加承诺 #{id}。",
    "officials_help": "每行一位，格式：职务 姓名，例如「副区长 陈定」",
    "units_help": "多个单位用顿号或逗号分隔",
    "task_required": "请填写任务。",
    "deadline_none": "无截止日期",
    "sentence_required": "请填写原文（承诺所在的句子）。",
    "candidates": "候选句子（含数量或期限，但未列为承诺）",
    "candidates_none": "这篇文章没有候选句子。",
    "candidate_pick": "选择候选句子",
    "take_candidate": "列为承诺",
    "dismiss_candidate": "忽略",
    "candidate_taken": "已列为承诺 #{id}，请在上方核对后确认。",
    "candidate_dismissed": "已忽略该候选句子。",
    "reason": "未列为承诺的原因",
    "proposed_progress": "从文本中读到的进度（待采纳）",
    "proposed_none": "没有待采纳的进度。",
    "proposal_pick": "选择进度",
    "accept_progress": "采纳为进度",
    "reject_progress": "不采纳",
    "progress_accepted": "已采纳，记为进度填报。",
    "progress_rejected": "已不采纳该进度。",
    "proposed_value": "文中进度",
    "article_pick": "选择文章",
    # import
    "import_paste": "粘贴文本",
    "import_upload": "上传文件",
    "import_text": "文本",
    "import_source": "来源名称",
    "import_source_default": "手工粘贴",
    "import_frame": "文章结构",
    "import_date_missing": "这篇文本中没有找到日期。请填写文章日期：「全年」「年底前」等按此日期推算截止日期。",
    "import_date_given": "文章日期由您填写。",
    "import_date": "文章日期",
    "import_date_help": "文章发布或讲话的日期；填写后将按此日期重新预览。",
    "import_needs_dates": "还有 {n} 篇文本缺少日期，请先填写后再保存。",
    "import_candidates": "另有 {n} 句含数量或期限但未列为承诺（候选），保存后可在「审核」页处理。",
    "import_progress": "其中 {n} 条进度数据，保存后在「审核」页等待采纳。",
    "import_files": "选择 .txt、.html 或 .docx 文件（可多选）",
    "upload_button": "选择文件",
    "upload_limits": "每个文件不超过 50MB · TXT、HTML、Word、WPS、PDF、Excel、图片",
    "import_preview": "预览",
    "import_records": "找到 {n} 条承诺",
    "import_no_records": "没有找到承诺。",
    "import_save": "保存",
    "import_saved": "{source}：已保存，{n} 条承诺进入待审核。",
    "import_duplicate": "{source}：这篇文章已导入过，未重复保存。",
    "import_read_error": "{source}：无法读取（{reason}）。",
    "import_what_read": "已读取：{summary}",
    "ocr_check": "含 OCR 识别文字，请核对：数字和人名可能识别有误。",
    "download_original": "下载原始文件",
    "download_original_help": "导入时上传的文件：{name}，{size}",
    "original_missing": "原始文件不在数据库中。",
    "review_ocr": "这篇文章的文字含 OCR 识别内容（{summary}），请对照原始文件核对数字。",
    "import_parse_error": "{source}：提取承诺时出错（{reason}），未能预览。",
    "import_reading": "正在读取 {i}/{n}：{source}",
    "import_saving": "正在保存 {i}/{n}：{source}",
    "import_empty": "请先粘贴文本或选择文件。",
    "demo_present": "数据库中有 {n} 篇首次启动时载入的示例文章（seeds/）。它们是演示数据，不是本单位的工作。",
    "demo_remove": "删除示例文章",
    "demo_removed": "已删除 {removed} 篇示例文章及其承诺。",
    "demo_kept": "{kept} 篇示例文章的承诺已有人填报进度，予以保留。",
    # export
    "export_intro": "下载当前筛选后的承诺清单（{n} 条）。",
    "export_xlsx": "下载 Excel",
    "export_csv": "下载 CSV",
    "export_ics": "下载日历（.ics）",
    "export_unavailable": "导出功能尚未就绪。",
    # users
    "users_list": "现有用户",
    # people and units (责任单位), 我的任务
    "user_units": "责任单位",
    "set_user_units": "分配责任单位",
    "set_user_units_help": "工作人员只能看到并填报所属单位的承诺；管理人员不设单位即可查看全部；查看人员设了单位则只能查看这些单位的承诺。",
    "user_units_set": "已将 {name} 的责任单位设为：{units}",
    "user_units_none": "（无）",
    "units_manage": "单位管理",
    "units_manage_help": "改名：单位换了名称。合并：两个名称指同一个单位（如 区城建局 = 城建局），合并后任务和排名合为一个单位；以后导入的文稿中的旧名称也会归入新名称。",
    "unit_name": "单位",
    "unit_commitments": "承诺数",
    "unit_people": "人员数",
    "unit_aliases": "曾用名 / 并入的名称",
    "no_units_yet": "还没有任何单位：导入的承诺中的责任单位会出现在这里。",
    "rename_unit": "单位改名",
    "rename_from": "原名称",
    "rename_to": "新名称",
    "unit_renamed": "已将单位 {old} 改名为 {new}",
    "merge_unit": "合并单位",
    "merge_from": "并入的名称",
    "merge_into": "并入到",
    "unit_merged": "已将 {alias} 并入 {into}",
    "my_units": "我的责任单位：{units}",
    "my_units_all": "您未设责任单位，显示全部承诺。",
    "no_units_assigned": "您还没有分配责任单位，暂时看不到任何承诺。请联系管理人员在「用户」页为您分配责任单位。",
    "not_your_unit": "这条承诺不属于您的责任单位，无权查看。",
    "my_tasks_empty": "您的责任单位目前没有承诺。",
    "my_tasks_count": "共 {n} 条",
    "created": "创建时间",
    "add_user": "添加用户",
    "role": "角色",
    "set_role": "修改角色",
    "reset_password": "重置密码",
    "new_password": "新密码",
    "user_added": "已添加用户 {name}。",
    "role_set": "已将 {name} 的角色改为 {role}。",
    "password_reset": "已重置 {name} 的密码。",
    "save": "保存",
    # errors
    "store_unavailable": "无法打开数据库：{reason}",
    "read_only": "您的角色为查看人员，只能查看和导出。",
}

# --- Exports (tracker/export.py, `python -m tracker export`) ----------------------------
EXPORT = {
    "list_title": "承诺清单",  # also the start of every default file name: 承诺清单_2026-11-26.xlsx
    "list_sheet": "承诺清单",
    "stats_sheet": "统计",
    "title_row": "{title}（截至 {as_of}，共 {n} 条）",
    "stats_title": "统计（截至 {as_of}，共 {n} 条承诺）",
    "as_of": "截至 {as_of}",
    "author": "政策目标追踪",
    "total": "合计",
    "by_status": "按状态",
    "by_unit": "按责任单位（一条承诺有多个单位时，每个单位各计一次）",
    "by_official": "按责任领导（一条承诺有多位领导时，每位各计一次）",
    "by_area": "按工作领域",
    # calendar
    "calendar_label": "日历",
    "calendar_name": "政策目标截止日期",
    "calendar_desc": "政策目标追踪导出的承诺截止日期（截至 {as_of}）",
    "prodid": "-//tracker//政策目标追踪//ZH",
    "summary": "【截止】{task}",
    "status_as_of": "{status}（截至 {as_of}）",
    "alarm": "还有{days}天截止：{summary}",
    # command line
    "bad_date": "日期「{value}」不对，应为 YYYY-MM-DD（{what}）",
    "unknown_format": "未知的导出格式「{fmt}」，可选：{known}",
    "empty": "没有符合条件的承诺，未写出文件。",
    "empty_calendar": "符合条件的承诺都没有截止日期，未写出日历。",
    "undated_left_out": "其中 {n} 条未设期限，不在日历中。",
    "binary_to_terminal": "Excel 文件不能输出到终端，请用 -o FILE 指定文件。",
    "written": "已导出 {n} 条承诺到 {path}",
    "cannot_write": "无法写入 {path}：{reason}",
    "no_dir": "目录不存在",
    "is_dir": "这是一个目录",
    "store_error": "无法读取数据库：{reason}",
    "stdout": "标准输出",
}

# --- 单位排名 (tracker/ranking.py, app/pages/ranking.py) ------------------------------------
# Column names of the unit ranking, in the order tables, sheets and the report show them.
RANKING_FIELD = {
    "rank": "排名",
    "unit": "责任单位",
    "commitments": "承诺数",
    "done": "按期完成",
    "done_late": "逾期完成",
    "pending_signoff": "待销号",
    "overdue": "已逾期",
    "completion_rate": "完成率",
    "days_since_update": "距上次填报（天）",
    "last_update": "最近填报",
    "open_reminders": "未办结催办",
}
RANKING = {
    "no_unit": "未指定单位",  # commitments that name no unit are ranked together under this name
    "sheet": "单位排名",
    "title": "单位排名（截至 {as_of}，{n} 个单位）",
    "note": "一条承诺有多个责任单位时，每个单位各计一次；完成率 =（按期完成 + 逾期完成）÷ 承诺数。"
            "按完成率从高到低排列，完成率相同时已逾期少的在前。",
    "period_of": "期间按",
    "period_of_deadline": "截止日期",
    "period_of_article_date": "文章日期",
    "period": "期间",
    "period_help": "只统计截止日期（或文章日期）在此期间内的承诺；不选则统计全部。",
    "areas": "工作领域",
    "chart": "各单位完成情况",
    "chart_top": "图中列出排名前 {n} 的单位",
    "never": "从未填报",
    "other_open": "其他在办",
    "rate_label": "{rate}%",
    "csv": "下载单位排名（CSV）",
    "filename": "单位排名_{as_of}.{ext}",
    "empty": "没有符合条件的承诺。",
    "shown": "统计日期 {as_of} · {units} 个单位 · {n} 条承诺",
}

# --- 督查通报 (tracker/report.py, `python -m tracker report`) ----------------------------
REPORT = {
    "doc_title": "督查通报",
    "title_month": "督查通报（{year}年{month}月）",
    "title_week": "督查通报（{year}年第{week}周）",
    "period_line": "{start}—{end}　统计截至{as_of}",
    "issuer": "政策目标追踪",
    "h_summary": "一、总体情况",
    "h_ranking": "二、单位排名",
    "h_overdue": "三、逾期未完成事项",
    "h_due_soon": "四、即将到期事项（{days}天内）",
    "h_chart": "五、各单位完成情况图",
    "summary": "截至{as_of}，共跟踪承诺事项{total}项。其中已完成{finished}项（按期完成{done}项、逾期完成{done_late}项），"
               "待销号{pending}项，已逾期{overdue}项，完成率{rate}。",
    "change": "与上期末（{before}）相比，已完成{finished}，已逾期{overdue}，完成率{rate}。",
    "first_period": "上期末（{before}）尚无承诺事项，本期为首次通报。",
    "up": "增加{n}项",
    "down": "减少{n}项",
    "same": "持平",
    "rate_up": "上升{n}个百分点",
    "rate_down": "下降{n}个百分点",
    "no_overdue": "本期没有逾期未完成的事项。",
    "no_due_soon": "{days}天内没有到期的未完成事项。",
    "unit_heading": "{unit}（{n}项）",
    "not_listed": "另有{n}项未列出，详见导出的承诺清单。",
    "ranking_note": "注：一条承诺有多个责任单位时，每个单位各计一次；完成率 =（按期完成 + 逾期完成）÷ 承诺数。",
    "chart_caption": "图：各单位承诺完成情况（排名前{n}的单位）",
    "chart_caption_all": "图：各单位承诺完成情况",
    "col_id": "编号",
    "col_task": "任务",
    "col_target": "目标",
    "col_deadline": "截止日期",
    "col_overdue_days": "逾期天数",
    "col_days_left": "剩余天数",
    "col_progress": "进度",
    "col_officials": "责任领导",
    "period_week": "周报",
    "period_month": "月报",
    "button": "生成督查通报（Word）",
    "period_pick": "通报周期",
    "filename": "督查通报_{label}.docx",
    "written": "已写出督查通报到 {path}（{n} 条承诺，{units} 个单位）",
    "empty": "数据库中没有承诺，未写出通报。",
    "bad_period": "未知的通报周期「{value}」，可选：week（周报）、month（月报）",
    "no_font": "找不到 Noto Sans CJK 字体，图中的中文可能显示为方框（请安装 fonts-noto-cjk）",
    "intro": "按周或按月生成督查通报：总体情况、单位排名、逾期与即将到期事项和完成情况图。",
}

# Streamlit's English tooltips on a table's toolbar, by the button's aria-label, and what people read instead.
TABLE_TOOLBAR = {
    "Show/hide columns": "显示/隐藏列",
    "Download as CSV": "下载为 CSV",
    "Search": "搜索",
    "Fullscreen": "全屏",
    "Close fullscreen": "退出全屏",
}
