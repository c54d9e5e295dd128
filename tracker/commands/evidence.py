"""`python -m tracker evidence add ID FILE... --by USER [--json]`: attach evidence files (佐证材料) to a commitment.

    $ python -m tracker evidence add 12 验收报告.pdf 现场照片.jpg --by wang
    已上传: 承诺 12 (老旧小区改造) 佐证材料 验收报告.pdf (PDF, 35.2 KB)
    已上传: 承诺 12 (老旧小区改造) 佐证材料 现场照片.jpg (图片, 1.2 MB)

Every file is read and judged (type by its bytes, size under TRACKER_EVIDENCE_MAX_MB) before
any is stored: one refused file stores none (exit 1). Exit 2 for an id that is not a whole
number or a file that cannot be read, before the database is opened.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def run(args) -> int:
    from tracker import config
    from tracker import evidence as rules
    from tracker.commands import BAD_ARGUMENTS, error, open_db
    from tracker.store import StoreError

    if not args.id.strip().isdigit():
        return error(f"承诺编号不是整数: {args.id!r}", BAD_ARGUMENTS)
    limit = config.evidence_max_bytes()
    files = []
    for name in args.files:
        path = Path(name)
        try:
            if not path.is_file():
                return error(f"文件不存在或不是文件: {name}", BAD_ARGUMENTS)
            if limit and path.stat().st_size > limit:  # refused before a huge file is read into memory
                return error(f"文件 {path.name} 有 {path.stat().st_size / 1024**2:.1f} MB, 超过每个文件 "
                             f"{limit / 1024**2:g} MB 的上限（环境变量 TRACKER_EVIDENCE_MAX_MB）")
            files.append((path.name, path.read_bytes()))
        except OSError as exc:
            return error(f"无法读取文件 {name}: {exc.strerror or exc}", BAD_ARGUMENTS)
    try:
        for name, data in files:  # all judged before any is stored
            rules.check(name, data, limit)
    except rules.EvidenceRefused as exc:
        return error(exc)

    try:
        with open_db(args.db, must_exist=True) as store:
            cid = int(args.id)
            record = store.commitment(cid)
            ids = store.attach_evidence(files, by=args.by, commitment_id=cid)  # all the files or none
            listed = store.evidence(cid).set_index("id").loc[ids]
    except StoreError as exc:
        return error(exc)
    for evidence_id, row in listed.iterrows():
        if args.json:
            print(json.dumps({"id": int(evidence_id), "commitment_id": cid, "name": row["name"], "kind": row["kind"],
                              "size": int(row["size"]), "sha256": row["sha256"]}, ensure_ascii=False))
        print(f"已上传: 承诺 {cid} ({record['task']}) 佐证材料 {row['name']} ({rules.KINDS[row['kind']][2]}, "
              f"{_size(row['size'])})", file=sys.stderr)
    return 0


def _size(size: int) -> str:
    return f"{size} 字节" if size < 1024 else (f"{size / 1024:.1f} KB" if size < 1024**2 else f"{size / 1024**2:.1f} MB")
