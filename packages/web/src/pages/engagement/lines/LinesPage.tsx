// 触达 → 消息线: the list, the create form, one line's detail and its step editor, as sub-routes of the
// navigation entry (/engagement/lines, /new, /:id, /:id/steps).
import { Route, Routes } from "react-router";
import { RequireCorp } from "../../../corps/RequireCorp.tsx";
import { NotFoundPage } from "../../NotFoundPage.tsx";
import { LineDetail } from "./LineDetail.tsx";
import { LineEditor } from "./LineEditor.tsx";
import { LineList } from "./LineList.tsx";

export function LinesPage() {
  return (
    <RequireCorp>
      {(corpId) => (
        <Routes key={corpId}>
          <Route index element={<LineList corpId={corpId} />} />
          <Route path="new" element={<LineEditor corpId={corpId} />} />
          <Route path=":id" element={<LineDetail corpId={corpId} />} />
          <Route path=":id/steps" element={<LineEditor corpId={corpId} />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      )}
    </RequireCorp>
  );
}
