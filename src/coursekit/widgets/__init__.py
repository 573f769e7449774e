"""ipywidgets 前端：每个部件都是某个核心函数的薄外壳，不含公式。

约定：
- 部件类继承 :class:`coursekit.widgets.base.ToolWidget`，首次显示即给出有意义的结果（表格或图）；
- 当前结果放在 ``.result``，笔记本的隐藏检查单元可直接断言；
- 核心函数抛出的 :class:`~coursekit.errors.InputError` 在字段旁以红字显示，不出现 traceback。
"""
