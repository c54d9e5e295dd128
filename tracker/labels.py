"""The one Chinese label map: every name a person sees, for the dashboard, exports and messages."""

STATUS = {
    "done": "已完成",
    "overdue": "已逾期",
    "at_risk": "有风险",
    "on_track": "正常推进",
    "no_deadline": "未设期限",
}
# Colours people read without a legend: green done, red overdue, amber at risk, blue on track, grey undated.
STATUS_COLOURS = {
    "done": "#2e7d32",
    "overdue": "#c62828",
    "at_risk": "#f9a825",
    "on_track": "#1565c0",
    "no_deadline": "#9e9e9e",
}
STATUS_ORDER = ["overdue", "at_risk", "on_track", "no_deadline", "done"]

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
