"""The command line of tracking.md: one argparse tree, each command run from its own module.

Command modules are imported only when chosen, so `extract` (which the scorer calls
many times) never pays for pandas or SQLite. Help and errors speak Chinese first.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import re
import sys

from tracker.labels import ROLE, STATUS  # plain data: importing it costs nothing

STATUSES = list(STATUS)
STATUS_HELP = "状态：" + ", ".join(f"{key} {label}" for key, label in STATUS.items())
ROLE_HELP = "角色：" + ", ".join(f"{key} {label}" for key, label in ROLE.items())


# argparse's own error messages (Python 3.11 to 3.13 wording), said in Chinese; others keep their words.
ARGPARSE_ERRORS = (
    (re.compile(r"the following arguments are required: (?P<what>.+)"), "缺少参数 {what}"),
    (re.compile(r"argument (?P<arg>\S+): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)"),
     "参数 {arg} 的值 {value} 无效，可选：{choices}"),
    (re.compile(r"argument (?P<arg>\S+): expected one argument"), "参数 {arg} 后面需要一个值"),
    (re.compile(r"unrecognized arguments: (?P<what>.+)"), "无法识别的参数 {what}"),
)


def chinese_error(message: str) -> str:
    """ "the following arguments are required: --by" -> "缺少参数 --by"; unknown wording as is."""
    for pattern, template in ARGPARSE_ERRORS:
        if m := pattern.fullmatch(message):
            return template.format(**m.groupdict())
    return message


class ChineseParser(argparse.ArgumentParser):
    """argparse with its headings and its common error messages in Chinese."""

    def format_help(self) -> str:
        text = super().format_help()
        for en, zh in (("usage:", "用法："), ("positional arguments:", "参数："), ("options:", "选项："),
                       ("show this help message and exit", "显示帮助并退出")):
            text = text.replace(en, zh)
        return text

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "用法：")

    def error(self, message: str) -> None:  # noqa: D401 - argparse's hook
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: 参数错误：{chinese_error(message)}\n（运行 {self.prog} --help 查看说明）\n")


def build_parser() -> argparse.ArgumentParser:
    p = ChineseParser(prog="python -m tracker", description="政策目标追踪 tracker：从政府文稿中找出量化承诺，跟踪到完成。")
    sub = p.add_subparsers(dest="command", required=True, title="命令", parser_class=ChineseParser)

    def db(sp):
        sp.add_argument("--db", metavar="FILE|URL", help="SQLite 数据库文件，或 PostgreSQL 地址 postgresql://用户@主机/库名"
                        "（默认：$TRACKER_DB，否则 data/tracker.db）")

    def day(sp, flag, what):
        sp.add_argument(flag, dest=flag.lstrip("-").replace("-", "_"), metavar="YYYY-MM-DD", help=what)

    e = sub.add_parser("extract", help="列出文稿中的承诺（不写数据库）", description="列出文稿中的承诺，不写数据库。")
    e.add_argument("files", nargs="+", metavar="FILE", help=".txt（UTF-8 或 GB18030）、.html、.docx 文件")
    day(e, "--date", "参考日期：文稿本身没有年份或日期时用它")
    e.add_argument("--json", action="store_true", help="每条承诺一行 JSON（JSON Lines），输出到标准输出")
    e.add_argument("--frame", action="store_true",
                   help="每篇文章先输出一行文章结构（日期及其来源、文体、各部分）；JSON 中 kind 为 frame")
    e.add_argument("--candidates", action="store_true",
                   help="另外输出含数量或期限但未列为承诺的句子及原因（kind 为 candidate），以及文中的进度（kind 为 progress）")
    db(e)

    i = sub.add_parser("ingest", help="导入文稿并保存其中的承诺", description="导入文稿并保存其中的承诺；同一文本只存一次。")
    i.add_argument("paths", nargs="+", metavar="PATH", help=".txt、.html、.docx 文件或文件夹")
    day(i, "--date", "参考日期：文稿本身没有年份或日期时用它")
    db(i)

    li = sub.add_parser("list", help="列出承诺及其状态")
    li.add_argument("--status", choices=STATUSES, help=STATUS_HELP)
    day(li, "--as-of", "统计日期（默认今天）")
    li.add_argument("--json", action="store_true", help="每条承诺一行 JSON")
    db(li)

    pr = sub.add_parser("progress", help="填报一次进度", description="填报一次进度：完成数、截至日期、备注；每次填报都会保留。"
                        "没有数值目标的承诺，完成后以 完成 作为 VALUE 标记为已完成。")
    pr.add_argument("id", metavar="ID", help="承诺编号")
    pr.add_argument("value", metavar="VALUE", help="累计已完成的数值，如 120、1.5万、2,000；没有数值目标的承诺写 完成（或 done）")
    pr.add_argument("--by", required=True, metavar="USER", help="填报人（须为工作人员或管理人员）")
    day(pr, "--as-of", "进度截至日期（默认今天，不能晚于今天）")
    pr.add_argument("--note", default="", help="备注")
    pr.add_argument("--yes", "-y", action="store_true", help="进度值超过目标值时不再询问确认")
    db(pr)

    ev = sub.add_parser("evidence", help="佐证材料")
    evsub = ev.add_subparsers(dest="evidence_command", required=True, title="命令", parser_class=ChineseParser)
    eva = evsub.add_parser("add", help="为承诺上传佐证材料", description="为承诺上传佐证材料（PDF、图片、Word、Excel）；"
                           "按文件内容判断类型，每个文件有大小上限（TRACKER_EVIDENCE_MAX_MB，默认 20 MB）；有一个文件不合格则都不保存。")
    eva.add_argument("id", metavar="ID", help="承诺编号")
    eva.add_argument("files", nargs="+", metavar="FILE", help="佐证材料文件")
    eva.add_argument("--by", required=True, metavar="USER", help="上传人（须为工作人员或管理人员）")
    eva.add_argument("--json", action="store_true", help="每份材料一行 JSON")
    db(eva)

    so = sub.add_parser("signoff", help="确认销号或退回", description="管理人员确认已报告完成的承诺（销号），"
                        "可一次确认多条（有一条不能销号则都不销号）；或写明原因退回一条（回到原来的状态）。")
    so.add_argument("ids", nargs="+", metavar="ID", help="承诺编号（可写多个；退回时只能一个）")
    so.add_argument("--by", required=True, metavar="USER", help="管理人员")
    so.add_argument("--return", dest="give_back", action="store_true", help="退回，不销号（须有 --reason）")
    so.add_argument("--reason", metavar="TEXT", help="退回原因")
    so.add_argument("--json", action="store_true", help="每条承诺输出一行 JSON")
    db(so)

    ex = sub.add_parser("export", help="导出截止清单：CSV、Excel 或日历", description="导出截止清单：CSV、Excel（xlsx）或日历（ics）。")
    ex.add_argument("--format", required=True, metavar="csv|xlsx|ics", help="导出格式")
    ex.add_argument("-o", "--output", metavar="FILE", help="输出文件（- 表示标准输出）")
    # The dashboard's filters, matched the same way (tracker.filters): whole names, a repeated option = any of them.
    ex.add_argument("--status", choices=STATUSES, action="append", help=STATUS_HELP + "（可重复）")
    day(ex, "--due-before", "只要截止日期不晚于此日的承诺")
    day(ex, "--due-after", "只要截止日期不早于此日的承诺")
    ex.add_argument("--official", metavar="NAME", action="append", help="责任领导姓名（完整姓名，可重复）")
    ex.add_argument("--unit", metavar="UNIT", action="append", help="责任单位（完整名称，可重复）")
    ex.add_argument("--area", metavar="AREA", action="append", help="工作领域（可重复）")
    ex.add_argument("--search", metavar="TEXT", help="在任务、原文、责任领导和责任单位中查找这些字")
    day(ex, "--as-of", "统计日期（默认今天）")
    db(ex)

    rp = sub.add_parser("report", help="生成督查通报（Word）", description="生成督查通报（Word 文档）：总体情况及与上期末相比的变化、"
                        "单位排名、逾期与即将到期事项（按单位）和完成情况图。周期为统计日期所在的周（周一至周日）或月。")
    rp.add_argument("--period", required=True, choices=["week", "month"], help="通报周期：week 周报，month 月报")
    day(rp, "--as-of", "统计日期（默认今天）")
    rp.add_argument("-o", "--output", metavar="FILE", help="输出的 .docx 文件（默认：督查通报_2026-11.docx 或 督查通报_2026-W48.docx）")
    db(rp)
    rv = sub.add_parser("review", help="审核承诺：确认、驳回或撤销驳回，可一次多条",
                        description="审核承诺（管理人员）：一次可以多条，要么全部完成，要么一条都不改。"
                        "把已驳回的承诺改回 extracted 或 confirmed 即撤销驳回。")
    rv.add_argument("ids", nargs="+", metavar="ID", help="承诺编号，可以多个")
    rv.add_argument("--state", required=True, choices=["confirmed", "rejected", "extracted"],
                    help="confirmed 已确认, rejected 已驳回, extracted 待审核")
    rv.add_argument("--by", required=True, metavar="USER", help="审核人（须为管理人员）")
    rv.add_argument("--json", action="store_true", help="输出一行 JSON：ids、state、changed")
    db(rv)

    u = sub.add_parser("users", help="管理用户")
    usub = u.add_subparsers(dest="users_command", required=True, title="命令", parser_class=ChineseParser)
    ua = usub.add_parser("add", help="添加用户；密码从标准输入读取", description="添加用户；密码从标准输入读取（在终端里输入两次）。")
    ua.add_argument("name", metavar="NAME", help="姓名")
    ua.add_argument("--role", required=True, choices=list(ROLE), help=ROLE_HELP)
    db(ua)
    ul = usub.add_parser("list", help="列出用户")
    db(ul)

    un = sub.add_parser("units", help="责任单位：人员所属单位、单位改名与合并",
                        description="人员所属的责任单位，以及单位改名、合并（合并后以后导入的旧名称也归入新名称）。")
    unsub = un.add_subparsers(dest="units_command", required=True, title="命令", parser_class=ChineseParser)

    def by(sp):
        sp.add_argument("--by", metavar="USER", help="记录为哪位管理人员所做（不给出时记为命令行 system）")

    unl = unsub.add_parser("list", help="列出单位：承诺数、人员数、并入的名称")
    unl.add_argument("--json", action="store_true", help="每个单位一行 JSON")
    db(unl)
    una = unsub.add_parser("assign", help="设定一个人的责任单位（替换原有的）")
    una.add_argument("name", metavar="NAME", help="姓名")
    una.add_argument("units", nargs="*", metavar="UNIT", help="单位名称，可给出多个")
    una.add_argument("--clear", action="store_true", help="取消此人的全部单位")
    by(una)
    db(una)
    unr = unsub.add_parser("rename", help="单位改名")
    unr.add_argument("old", metavar="OLD", help="原名称")
    unr.add_argument("new", metavar="NEW", help="新名称（不能是已有单位；已有单位请用 merge）")
    by(unr)
    db(unr)
    unm = unsub.add_parser("merge", help="把一个单位名称并入另一个已有单位")
    unm.add_argument("alias", metavar="ALIAS", help="并入的名称，如 区城建局")
    unm.add_argument("into", metavar="INTO", help="并入到的单位，如 城建局")
    by(unm)
    db(unm)

    a = sub.add_parser("audit", help="检查审计日志", description="检查审计日志的哈希链：每一行都连着上一行，"
                       "手工删改、伪造的行或被删掉的保护触发器都会被发现。")
    asub = a.add_subparsers(dest="audit_command", required=True, title="命令", parser_class=ChineseParser)
    av = asub.add_parser("verify", help="逐行核对审计日志的哈希链；完整时退出码 0，发现断点时 1")
    db(av)

    x = sub.add_parser("extend", help="延期申请：申请、审批、列出",
                       description="延期申请。申请：extend ID --to 日期 --reason 理由 --by 工作人员；"
                       "审批：extend decide EXT_ID --approve 或 --refuse [--note 意见] --by 管理人员；"
                       "列出：extend list [ID]。批准后按新期限判断状态，原定期限和期限原文保留。")
    x.add_argument("target", metavar="ID|decide|list", help="承诺编号（申请），decide（审批）或 list（列出）")
    x.add_argument("ext_id", nargs="?", metavar="EXT_ID", help="decide：延期申请编号；list：只列这条承诺的申请")
    day(x, "--to", "申请延至的日期")
    x.add_argument("--reason", metavar="TEXT", help="延期理由（申请时必填）")
    verdict = x.add_mutually_exclusive_group()
    verdict.add_argument("--approve", action="store_true", help="批准")
    verdict.add_argument("--refuse", action="store_true", help="不批准（须用 --note 写明理由）")
    x.add_argument("--note", metavar="TEXT", help="审批意见")
    x.add_argument("--by", metavar="USER", help="申请人（工作人员或管理人员）或审批人（管理人员）；list 不需要")
    x.add_argument("--json", action="store_true", help="list：每条申请一行 JSON")
    db(x)

    ins = sub.add_parser("instruct", help="对一条承诺作批示", description="管理人员对一条承诺作批示，责任单位登录后在未读中看到。")
    ins.add_argument("id", metavar="ID", help="承诺编号")
    ins.add_argument("text", metavar="TEXT", help="批示内容")
    ins.add_argument("--by", required=True, metavar="USER", help="批示人（管理人员）")
    db(ins)

    rem = sub.add_parser("remind", help="向责任单位催办", description="管理人员向一个责任单位催办其逾期和即将到期的承诺。")
    rem.add_argument("unit", metavar="UNIT", help="责任单位")
    rem.add_argument("text", metavar="TEXT", help="催办内容")
    rem.add_argument("--by", required=True, metavar="USER", help="催办人（管理人员）")
    db(rem)

    inbox = sub.add_parser("inbox", help="列出发给某人的批示与催办，或标为已读",
                           description="列出发给某人（其所在单位）的批示与催办，未读在前；--read 标为已读。")
    inbox.add_argument("--by", required=True, metavar="USER", help="谁的批示与催办")
    inbox.add_argument("--read", metavar="ID", help="把这条批示或催办标为已读")
    inbox.add_argument("--json", action="store_true", help="每条一行 JSON")
    db(inbox)

    dg = sub.add_parser("digest", help="各单位逾期与即将到期的承诺（供定时发送）",
                        description="按责任单位列出已逾期和即将到期的承诺（按现行期限），供办公室的定时任务发送。")
    dg.add_argument("--unit", metavar="UNIT", help="只列这个责任单位")
    day(dg, "--as-of", "统计日期（默认今天）")
    dg.add_argument("--days", type=int, default=30, metavar="N", help="多少天内到期算即将到期（默认 30）")
    dg.add_argument("--format", choices=["text", "json"], default="text", help="text（默认，供阅读）或 json")
    db(dg)

    b = sub.add_parser("backup", help="在仪表盘运行时备份数据库", description="用 SQLite 在线备份得到一致的副本，仪表盘运行时也可以；"
                       "PostgreSQL 数据库用 pg_dump 备份（自定义格式，用 pg_restore 恢复）。")
    b.add_argument("file", metavar="FILE", help="备份文件")
    db(b)
    c = sub.add_parser("copy-db", help="把整个数据库复制到另一个（文件 ↔ PostgreSQL）",
                       description="把 SOURCE 的全部内容复制到空的 TARGET：从数据库文件迁到 PostgreSQL，或反过来。"
                       "目标必须是空的；复制完逐表核对行数，任何一步失败目标都不会写入任何内容。")
    c.add_argument("source", metavar="SOURCE", help="源数据库：文件路径或 postgresql://用户@主机/库名")
    c.add_argument("target", metavar="TARGET", help="目标数据库（必须为空）：文件路径或 postgresql://用户@主机/库名")
    c.add_argument("--json", action="store_true", help="把每张表复制的行数以 JSON 输出到标准输出")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    module = importlib.import_module(f"tracker.commands.{args.command.replace('-', '_')}")
    # Warnings of the readers (a byte replaced in a text) reach the person as one Chinese line each.
    logging.basicConfig(level=logging.WARNING, format="警告: %(message)s", stream=sys.stderr)
    try:
        return int(module.run(args) or 0)
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        # A page SQLite finds damaged in the middle of a read, or a PostgreSQL server gone:
        # a sentence and exit 1, never a traceback.
        from tracker.db import driver_error_of

        cause = driver_error_of(exc)
        if cause is None:
            raise
        from tracker.commands import error
        from tracker.config import db_path
        from tracker.store import damaged

        return error(damaged(db_path(getattr(args, "db", None)), cause))
