"""课堂服务器：讲师的一台电脑给整个教室提供无代码的互动页面（Voilà）。

    python3 tasks.py classroom                    # 端口 8866，所有网卡，随机 6 位访问码
    python3 tasks.py classroom --code 2718 --port 9000 --idle-minutes 20

- 只提供学员版笔记本（``tools/trainee.py`` 生成：没有解答、参考要点，测验答案不在单元里）；
- 页面不显示代码；学员不能在内核里执行任意代码（Voilà 只转发部件消息）；
- 每个打开的页面一个内核（每位学员各自的计算，互不干扰）；关闭标签页即关闭内核，空闲超过 ``--idle-minutes``
  的内核自动回收；
- 访问码（``--code``，默认随机）：学员打开打印出的地址即可，或在登录页输入访问码；
- 首页按书中顺序列出各模块的案例与工具箱；页面不向站外发出任何请求（Font Awesome、Mermaid 的 CDN 链接已去掉）。
"""
from __future__ import annotations

import argparse
import html
import json
import os
import secrets
import shutil
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_SRC = ROOT / "tools" / "voila" / "classroom"
sys.path.insert(0, str(ROOT / "tools"))

LANDING_PARTS = ("cases/", "chapters/toolbox/")   # 首页列出的：案例与工具箱


def lan_address() -> str:
    """本机在局域网上的 IPv4 地址（UDP connect 不发送任何数据包）；找不到时返回 127.0.0.1。"""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.connect(("10.255.255.255", 1))
        return s.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    finally:
        s.close()


def landing_html(parts: list[dict], base_url: str = "/") -> str:
    """首页：按书中顺序的模块与案例、工具箱（纯 HTML，不引用任何外部资源）。"""
    e = html.escape
    sections = []
    for part in parts:
        items = [n for n in part["notebooks"] if n["path"].startswith(LANDING_PARTS)]
        if not items:
            continue
        lis = "\n".join(
            f'      <li><a href="{e(base_url)}voila/render/{e(n["path"])}">{e(n["title"] or n["path"])}</a></li>'
            for n in items)
        sections.append(f'  <section>\n    <h2>{e(part["caption"])}</h2>\n    <ol>\n{lis}\n    </ol>\n  </section>')
    body = "\n".join(sections)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>课堂练习：普惠金融信贷营销与风险管理</title>
<style>
  body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", sans-serif;
         color: #1f2933; background: #f6f7f9; margin: 0; }}
  main {{ max-width: 860px; margin: 0 auto; padding: 24px 16px 64px; }}
  h1 {{ font-size: 1.5rem; }}
  h2 {{ font-size: 1.15rem; margin-top: 28px; border-bottom: 1px solid #d0d5dd; padding-bottom: 4px; }}
  li {{ margin: 6px 0; }}
  a {{ color: #175cd3; text-decoration: none; }}
  a:hover {{ text-decoration: underline; }}
  .note {{ color: #475467; }}
</style>
</head>
<body>
<main>
  <h1>普惠金融信贷营销与风险管理：课堂练习</h1>
  <p class="note">点开讲师说的案例，拖动滑块、修改数字，结果当场重算。每个页面是你自己的计算，不影响别人；
  页面打开后第一次显示需要几秒钟。关掉标签页就结束了这一页的计算。</p>
{body}
</main>
</body>
</html>
"""


def prepare(build_dir: Path) -> tuple[Path, Path]:
    """生成学员版笔记本与页面模板；返回（笔记本目录，Jupyter 数据目录）。"""
    import trainee  # noqa: PLC0415

    notebooks = build_dir / "trainee-notebooks"
    trainee.build(ROOT, notebooks, stage_dir=build_dir / "stage" / "trainee", cache_dir=build_dir / ".jupyter_cache")
    data = build_dir / "classroom" / "share"
    template = data / "voila" / "templates" / "classroom"
    if template.exists():
        shutil.rmtree(template)
    shutil.copytree(TEMPLATE_SRC, template)
    parts = json.loads((notebooks / "toc.json").read_text(encoding="utf-8"))
    page = landing_html(parts)
    # Voilà 的目录页模板（lab 风格与经典风格）都换成首页：Jinja 语法在这里不会出现
    for name in ("tree.html", "tree-lab.html"):
        (template / name).write_text("{% raw %}" + page + "{% endraw %}", encoding="utf-8")
    return notebooks, data


def serve(args) -> int:
    build_dir = Path(args.build_dir).resolve()
    notebooks, data = prepare(build_dir)
    os.environ["JUPYTER_PATH"] = os.pathsep.join([str(data), os.environ.get("JUPYTER_PATH", "")]).rstrip(os.pathsep)

    import jinja2  # noqa: PLC0415
    from jupyter_server.utils import url_path_join  # noqa: PLC0415, F401
    from tornado.ioloop import IOLoop  # noqa: PLC0415
    from voila.app import Voila  # noqa: PLC0415

    code = args.code or f"{secrets.randbelow(10**6):06d}"
    shown_ip = lan_address() if args.ip in ("0.0.0.0", "") else args.ip

    class ClassroomVoila(Voila):
        def init_settings(self):
            settings = super().init_settings()
            env = settings["jinja2_env"]   # 登录页：换成本书的中文页面
            loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(TEMPLATE_SRC)), env.loader])
            new_env = env.overlay(loader=loader)
            settings["jinja2_env"] = new_env
            return settings

        def start(self):
            IOLoop.current().add_callback(banner)
            super().start()

    def banner():
        url = f"http://{shown_ip}:{args.port}/"
        print("\n课堂服务器已启动。请学员在同一网络的电脑或手机浏览器中打开：\n"
              f"    {url}?token={code}\n"
              f"或打开 {url} ，输入访问码 {code}\n"
              f"（空闲 {args.idle_minutes} 分钟的页面自动回收；按 Ctrl+C 结束。）\n", flush=True)

    idle = int(args.idle_minutes * 60)
    argv = [
        str(notebooks),
        f"--Voila.port={args.port}",
        f"--Voila.ip={args.ip}",
        "--Voila.port_retries=0",
        "--Voila.open_browser=False",
        f"--Voila.token={code}",
        "--VoilaConfiguration.template=classroom",
        "--VoilaConfiguration.theme=light",
        "--VoilaConfiguration.show_tracebacks=False",
        f"--MappingKernelManager.cull_idle_timeout={idle}",
        f"--MappingKernelManager.cull_interval={max(10, min(60, idle // 4))}",
        "--MappingKernelManager.cull_connected=True",
        f"--Voila.log_level={args.log_level}",
    ]
    ClassroomVoila.launch_instance(argv=argv)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="tasks.py classroom", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, default=8866, help="端口（默认 8866）")
    ap.add_argument("--ip", default="0.0.0.0", help="监听地址（默认所有网卡；只在本机试用时用 127.0.0.1）")
    ap.add_argument("--code", help="本班的访问码（默认随机 6 位数字）")
    ap.add_argument("--idle-minutes", type=float, default=30, help="空闲多少分钟后回收一个页面的内核（默认 30）")
    ap.add_argument("--build-dir", default=str(ROOT / "_build"), help="生成文件放在哪里（默认 _build/）")
    ap.add_argument("--log-level", default="WARN", help="Voilà 日志级别（默认 WARN）")
    args = ap.parse_args(argv)
    return serve(args)


if __name__ == "__main__":
    raise SystemExit(main())
