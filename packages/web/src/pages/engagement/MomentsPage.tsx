// 触达 → 朋友圈: the list, the compose form and one moment's detail, as sub-routes of the navigation entry
// (/engagement/moments, /new, /:id).
import { Route, Routes } from "react-router";
import { RequireCorp } from "../../corps/RequireCorp.tsx";
import { NotFoundPage } from "../NotFoundPage.tsx";
import { MomentDetail } from "./MomentDetail.tsx";
import { MomentEditor } from "./MomentEditor.tsx";
import { MomentList } from "./MomentList.tsx";

export function MomentsPage() {
  return (
    <RequireCorp>
      {(corpId) => (
        <Routes key={corpId}>
          <Route index element={<MomentList corpId={corpId} />} />
          <Route path="new" element={<MomentEditor corpId={corpId} />} />
          <Route path=":id" element={<MomentDetail corpId={corpId} />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      )}
    </RequireCorp>
  );
}
