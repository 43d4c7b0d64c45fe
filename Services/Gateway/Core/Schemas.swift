import Schema

/// JSON Schemas of the bodies the gateway passes through, written from the Codable types in
/// `Shared/Schema` (optional Swift properties are left out of the JSON when absent, so they are
/// not `required`; nothing is ever `null`).
public enum Schemas {
    public typealias S = JSONSchema

    // MARK: Shared

    public static let error = S.record([
        "code": .string(description: "稳定的英文错误码，如 identity.forbidden"),
        "message": .string(description: "面向用户的中文说明"),
        "details": .stringMap,
    ])
    public static let empty = S.object([:])
    public static let actor = S.record([
        "kind": .enum(["member", "admin", "service", "anonymous"]),
        "id": .string,
        "orgCode": .string,
        "roles": .array(.string),
    ], optional: ["orgCode"])

    // MARK: Vocabulary

    public static let orgType = S.enum(OrganizationType.allCases.map(\.rawValue))
    public static let memberType = S.enum(MemberType.allCases.map(\.rawValue))
    public static let memberPost = S.enum(MemberPost.allCases.map(\.rawValue))
    public static let memberStatus = S.enum(MemberStatus.allCases.map(\.rawValue))
    public static let sex = S.enum(["male", "female"])
    public static let offset = S.integer(minimum: 0, maximum: 1_000_000)

    // MARK: Auth

    public static let tokenPair = S.record([
        "accessToken": .string, "accessTokenExpiresAt": .dateTime,
        "refreshToken": .string, "refreshTokenExpiresAt": .dateTime, "sessionId": .string,
    ])
    public static let loginReply = S.object([
        "step": .enum([LoginReply.stepTokens, LoginReply.stepChangePassword, LoginReply.stepSMSCode],
                      description: "tokens：登录完成；change_password：须修改初始密码；sms_code：须输入短信验证码"),
        "tokens": tokenPair,
        "ticket": .string,
        "maskedPhone": .string,
    ], required: ["step"])
    public static let loginRequest = S.object(["identifier": .string(description: "身份证号、手机号或管理员用户名"),
                                               "password": .string, "deviceId": .string],
                                              required: ["identifier", "password", "deviceId"])
    public static let loginChangePassword = S.object(["ticket": .string, "newPassword": .string], required: ["ticket", "newPassword"])
    public static let loginVerifyCode = S.object(["ticket": .string, "code": .string], required: ["ticket", "code"])
    public static let loginResendCode = S.object(["ticket": .string], required: ["ticket"])
    public static let refresh = S.object(["refreshToken": .string], required: ["refreshToken"])
    public static let logout = S.object(["accessToken": .string, "refreshToken": .string])
    public static let passwordChange = S.object(["oldPassword": .string, "newPassword": .string, "accessToken": .string],
                                                required: ["oldPassword", "newPassword"])
    public static let forgot = S.object(["identifier": .string], required: ["identifier"])
    public static let forgotReply = S.record(["message": .string])
    public static let reset = S.object(["identifier": .string, "code": .string, "newPassword": .string],
                                       required: ["identifier", "code", "newPassword"])
    public static let adminCreate = S.object(["orgCode": .string, "username": .string], required: ["orgCode", "username"])
    public static let adminAccount = S.record(["accountId": .string, "username": .string, "orgCode": .string,
                                               "mustChangePassword": .boolean])
    public static let wechatBind = S.object(["wechatCode": .string, "idNumber": .string, "password": .string],
                                            required: ["wechatCode", "idNumber", "password"])
    public static let wechatBinding = S.record(["memberId": .string, "openid": .string, "boundAt": .dateTime])
    public static let realNameStatus = S.record(["memberId": .string, "required": .boolean, "verified": .boolean,
                                                 "verifiedOn": .string], optional: ["verifiedOn"])

    // MARK: Organizations

    public static let organization = S.record([
        "code": .string, "name": .string, "type": orgType, "parentCode": .string, "path": .string,
        "depth": .integer(), "unit": .string, "secretaryMemberId": .string, "isVillage": .boolean,
        "dissolvedAt": .dateTime, "createdAt": .dateTime, "updatedAt": .dateTime,
    ], optional: ["parentCode", "secretaryMemberId", "dissolvedAt"])
    public static let organizationPage = S.record(["items": .array(organization), "total": .integer(),
                                                   "offset": .integer(), "limit": .integer()])
    public static let organizationList = S.record(["items": .array(organization)])
    public static let suggestions = S.record(["items": .array(S.record([
        "code": .string, "name": .string, "type": orgType, "pathNames": .array(.string), "score": .integer(),
    ]))])

    // MARK: Members

    public static let member = S.record([
        "id": .string, "idNumber": .string, "name": .string, "sex": sex, "birthDate": .string, "ethnicity": .string,
        "phone": .string, "memberType": memberType, "joinDate": .string, "orgCode": .string, "orgName": .string,
        "unit": .string, "post": memberPost, "status": memberStatus, "reviewed": .boolean, "masked": .boolean,
        "createdAt": .dateTime, "updatedAt": .dateTime,
    ], optional: ["phone", "joinDate"])
    public static let memberPage = S.record(["items": .array(member), "total": .integer(), "offset": .integer(),
                                             "limit": .integer()])
    public static let memberSearch = S.object([
        "name": .string, "idNumber": .string, "phone": .string, "orgCode": .string, "status": memberStatus,
        "offset": offset, "limit": .integer(minimum: 1, maximum: 200),
    ], description: "至少给出 name、idNumber、phone、orgCode 之一")
    public static let memberUpdate = S.object([
        "idNumber": .string, "name": .string, "ethnicity": .string, "phone": .string, "memberType": memberType,
        "joinDate": .string, "unit": .string, "post": memberPost, "reviewed": .boolean,
    ])
    public static let profileFields = S.object([
        "phone": .string, "ethnicity": .string, "unit": .string, "name": .string, "idNumber": .string,
        "memberType": memberType, "joinDate": .string, "post": memberPost,
    ])
    public static let profileSubmit = S.object(["memberId": .string, "changes": profileFields], required: ["changes"])
    public static let profileReview = S.object(["approve": .boolean, "reason": .string], required: ["approve"])
    public static let profileChange = S.record([
        "id": .string, "memberId": .string, "memberName": .string, "orgCode": .string, "changes": profileFields,
        "status": .enum(["pending", "approved", "rejected", "superseded"]), "submittedAt": .dateTime,
        "reviewedBy": .string, "reviewedAt": .dateTime, "reason": .string,
    ], optional: ["reviewedBy", "reviewedAt", "reason"])
    public static let profileChangeList = S.record(["items": .array(profileChange)])

    // MARK: The gateway's own

    /// `GET /api/v1/me`.
    public static let me = S.object([
        "actor": actor,
        "member": member,
        "organization": organization,
    ], required: ["actor"], description: "当前登录者：令牌中的身份，以及党员档案或管理员所在组织")
    public static let health = S.record(["status": .enum(["ok"]), "service": .string, "version": .string])
    public static let ready = S.record(["status": .enum(["ready"]), "broker": .boolean, "identity": .boolean,
                                        "tokenKeys": .boolean])
    public static let openAPI = S(["type": "object", "description": "本文档（OpenAPI 3.1）"])
}
