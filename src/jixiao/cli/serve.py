"""``jixiao serve``: the web workspace (pages and JSON API) on one machine; see docs/web.md."""
from __future__ import annotations

from pathlib import Path

import click

from jixiao.cli.output import echo

HELP = """启动网页工作台：单位上传填报文件、查看检查结果、说明警告、送审、公开；
财政部门下达任务、审核、退回、批量通过、审核已公开报告。

\b
数据默认保存在 --data 文件夹中的 SQLite 数据库（无需另装数据库）；
设置环境变量 JIXIAO_DATABASE_URL（如 postgresql://用户@主机/库）则使用 PostgreSQL。
生成文档、公开和批量审核作为任务在本进程内执行；设置 JIXIAO_BROKER_URL（amqp://… 或 redis://…）
则交给任务队列，由其他机器上的 jixiao worker 执行（见 docs/deploy.md）。
第一次启动时创建管理员 admin，并打印一次性密码（只显示这一次）。

\b
例：
  jixiao serve                          在 http://127.0.0.1:8000 启动
  jixiao serve --data 工作台数据 --demo    同时载入两个随附示例作为示范单位
  jixiao serve --workers 2              用 2 个进程同时处理请求（多核、用户多时；见 docs/deploy.md）
"""


def register(main: click.Group) -> None:
    @main.command("serve", help=HELP)
    @click.option("--host", default="127.0.0.1", show_default=True, help="监听地址。")
    @click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="端口。")
    @click.option("--data", "data_dir", default="jixiao-data", show_default=True, type=click.Path(file_okay=False),
                  help="数据文件夹（SQLite 数据库和上传的文件）。")
    @click.option("--demo", is_flag=True, help="载入两个随附示例作为示范单位（含示范用户和任务）。")
    @click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
                  help="处理请求的进程数（会话和数据都在数据库中，各进程共用；一般取 CPU 核数）。")
    def serve(host: str, port: int, data_dir: str, demo: bool, workers: int) -> None:
        import uvicorn

        from jixiao.store import open_store
        from jixiao.web.app import create_app
        from jixiao.web.setup import bootstrap, load_demo

        store = open_store(data_dir)
        swept = store.blobs.sweep()
        if swept:
            echo(f"已清理上次中断留下的临时文件 {swept} 个。")
        from jixiao.jobs import redact
        from jixiao.web import work

        if work.broker_url():
            echo(f"较慢的工作（生成文档、公开、审核）交给任务队列 {redact(work.broker_url())}，"
                 "由 jixiao worker 执行（见 docs/deploy.md）。")
        else:
            work.serve_jobs(store)           # embedded workers; jobs a killed process left are taken up again
        password = bootstrap(store)
        if password:
            echo(f"已创建管理员 admin，一次性密码：{password}（只显示这一次，请登录后妥善保管）")
        if demo:
            root = Path(__file__).resolve().parents[3] / "examples"
            examples = sorted(root.glob("*.yaml"))
            if not examples:
                echo(f"找不到随附示例（{root}），未载入示范单位。")
            for username, role, pw in load_demo(store, examples):
                echo(f"示范用户 {username}（{role}），一次性密码：{pw}")
        echo(f"网页工作台：http://{host}:{port}/  （数据库：{store.dialect}"
             + (f"，{workers} 个进程）" if workers > 1 else "）"))
        if workers == 1:
            uvicorn.run(create_app(store), host=host, port=port, log_level="warning")
            return
        import os

        from jixiao.web.app import DATA_ENV

        # each worker process opens the same store (already upgraded above) through the factory
        os.environ[DATA_ENV] = str(Path(data_dir).resolve())
        uvicorn.run("jixiao.web.app:app_from_env", factory=True, workers=workers, host=host, port=port,
                    log_level="warning")
