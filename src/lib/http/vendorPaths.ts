/** Where the CMS serves the admin's code editor (Monaco) from its own installed copy. */
export const MONACO_VS_PATH = '/admin-vendor/monaco/vs'
