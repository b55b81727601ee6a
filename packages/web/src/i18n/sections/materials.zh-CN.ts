// 素材库 texts.
export const materials = {
  upload: "上传",
  uploaded: "已上传：{{name}}",
  choose: "选择素材",
  deleted: "素材已删除",
  deleteConfirm: "删除这个素材？使用它的欢迎语将无法发送该附件。",
  empty: "还没有素材。上传图片、视频或文件后，欢迎语和群发可以直接选用。",
  limits:
    "图片 JPG/PNG ≤ 10 MB，视频 MP4 ≤ 10 MB，其他文件 ≤ 20 MB。发送时自动上传到企业微信，临时素材过期（3 天）前自动重新上传。",
  name: "名称",
  kind: "类型",
  size: "大小",
  createdAt: "上传时间",
  preview: "预览",
  all: "全部",
  kinds: { image: "图片", video: "视频", file: "文件" },
};
