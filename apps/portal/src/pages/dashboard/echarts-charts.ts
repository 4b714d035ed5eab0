// The chart types the dashboards draw, registered with ECharts (see echarts.ts).
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { use } from 'echarts/core';

use([BarChart, LineChart, PieChart]);
