"""``jixiao worker``: run jobs (render, bulk audit, batch scoring) taken from a RabbitMQ or Redis broker."""
from __future__ import annotations

import click

from jixiao.cli.common import guard

WORKER_HELP = """工作进程：从任务队列（RabbitMQ 或 Redis）领取任务（生成文档、批量审核、批量评分）并执行，
可以在多台机器上同时运行。任务的状态、进度和结果记在数据库的任务表中，网页上可以看到。

\b
数据库和任务队列的地址与 jixiao serve 相同，通常用环境变量给出：
  JIXIAO_DATABASE_URL   如 postgresql://jixiao:密码@db.example/jixiao
  JIXIAO_BROKER_URL     如 amqp://guest:guest@mq.example:5672/ 或 redis://mq.example:6379/0
任务中的文件路径须在每台机器上都能读写（如共享的数据文件夹），见 docs/deploy.md。

\b
工作进程被强行结束（如 kill -9、断电）时，它正在做的任务在租约到期后由其他工作进程重做；
达到最多尝试次数后记为失败，不会一直停在“运行中”。收到 SIGTERM 或 Ctrl+C 时做完手上的任务再退出。
退出码：0 正常退出；2 地址有误或数据库无法使用；3 程序内部错误（请报告）。

\b
例：
  JIXIAO_DATABASE_URL=postgresql://… JIXIAO_BROKER_URL=amqp://… jixiao worker --threads 2
"""


def register(main: click.Group) -> None:
    @main.command("worker", help=WORKER_HELP)
    @click.option("--database-url", "db_url", envvar="JIXIAO_DATABASE_URL", required=True,
                  help="数据库地址（默认取环境变量 JIXIAO_DATABASE_URL）。")
    @click.option("--broker-url", "broker_url", envvar="JIXIAO_BROKER_URL", required=True,
                  help="任务队列地址：amqp://…（RabbitMQ）或 redis://…（Redis）（默认取环境变量 JIXIAO_BROKER_URL）。")
    @click.option("--threads", type=click.IntRange(1, 64), default=1, show_default=True,
                  help="同时执行的任务数。")
    @click.option("--queue", default="jixiao", show_default=True, envvar="JIXIAO_QUEUE",
                  help="队列名称（几套系统共用一个队列服务时用不同的名称；默认取环境变量 JIXIAO_QUEUE）。")
    @click.option("--lease", type=click.FloatRange(2, 3600), default=60, show_default=True,
                  help="租约秒数：工作进程失去联系这么久后，它的任务交给其他工作进程重做。")
    @guard
    def worker(db_url: str, broker_url: str, threads: int, queue: str, lease: float) -> int:
        import logging

        from jixiao.cli.common import EXIT_UNUSABLE
        from jixiao.jobs import JobError, run_worker

        from jixiao.web import work  # noqa: F401  (registers the web workspace's kinds of job: web.render …)

        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        logging.getLogger("pika").setLevel(logging.WARNING)
        try:
            run_worker(db_url=db_url, broker_url=broker_url, threads=threads, queue=queue, lease=lease)
        except JobError as exc:
            click.echo(f"无法启动工作进程：{exc}", err=True)
            return EXIT_UNUSABLE
        return 0
