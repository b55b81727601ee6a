// 触达 → SOP: the SOP list and the tasks per owner (tabs), the editor for a new or an existing SOP
// (/engagement/sop, /tasks, /new, /:id).
import { Route, Routes } from "react-router";
import { RequireCorp } from "../../../corps/RequireCorp.tsx";
import { NotFoundPage } from "../../NotFoundPage.tsx";
import { SopEditor } from "./SopEditor.tsx";
import { SopHome } from "./SopHome.tsx";

export function SopsPage() {
  return (
    <RequireCorp>
      {(corpId) => (
        <Routes key={corpId}>
          <Route index element={<SopHome corpId={corpId} tab="sops" />} />
          <Route path="tasks" element={<SopHome corpId={corpId} tab="tasks" />} />
          <Route path="new" element={<SopEditor corpId={corpId} />} />
          <Route path=":id" element={<SopEditor corpId={corpId} />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      )}
    </RequireCorp>
  );
}
