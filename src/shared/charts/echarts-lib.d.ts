// ECharts' per-chart entry points register themselves when imported and ship no types of their own.
declare module 'echarts/lib/chart/line';
declare module 'echarts/lib/chart/bar';
declare module 'echarts/lib/component/grid';
declare module 'echarts/lib/component/legendPlain';
