// chart.js, tree-shaken: only the bar chart pieces the dashboard uses are
// registered. Colours come from the theme's CSS variables, so charts follow light/dark.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
} from "chart.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export { Chart };

export interface Series {
  label: string;
  data: number[];
  /// A CSS variable name (`--accent`) or a colour.
  color: string;
}

export function cssColor(name: string, fallback = "#888"): string {
  if (!name.startsWith("--")) {
    return name;
  }
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

export function barConfig(
  labels: string[],
  series: Series[],
  options: { horizontal?: boolean; stacked?: boolean } = {},
): ChartConfiguration<"bar"> {
  const text = cssColor("--muted");
  const grid = cssColor("--border");
  const axis = { ticks: { color: text, precision: 0 }, grid: { color: grid }, stacked: options.stacked ?? false };
  return {
    type: "bar",
    data: {
      labels,
      datasets: series.map((s) => ({
        label: s.label,
        data: s.data,
        backgroundColor: cssColor(s.color),
        borderRadius: 3,
        maxBarThickness: 36,
      })),
    },
    options: {
      indexAxis: options.horizontal ? "y" : "x",
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { display: series.length > 1, labels: { color: text, boxWidth: 12 } },
        tooltip: { intersect: false, mode: "index" },
      },
      scales: {
        x: { ...axis, grid: { ...axis.grid, display: options.horizontal ?? false } },
        y: { ...axis, beginAtZero: true, grid: { ...axis.grid, display: !options.horizontal } },
      },
    },
  };
}
