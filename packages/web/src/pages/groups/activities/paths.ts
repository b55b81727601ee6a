// Addresses of the group-activity pages.
export const ACTIVITIES_PATH = "/groups/activities";
