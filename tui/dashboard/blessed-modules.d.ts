// blessed and blessed-contrib ship no type declarations; the dashboard
// (tui/dashboard/screen.ts) uses a handful of their widgets, typed there.
declare module "blessed";
declare module "blessed-contrib";
